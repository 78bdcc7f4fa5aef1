package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.codec.ContentCoding;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.metrics.AgentMetrics;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Observe mode, metrics and the audit log, as every instrumentation gets them from the engine. */
class EngineOperationsTest {

  private final RestoreScope scope = new RestoreScope();

  private static final String KEY = "sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ";
  private static final String PASSWORD = "Tr0ub4dor&3-hunter2-Zq";
  private static final byte[] BODY = ("{\"messages\":[{\"role\":\"user\",\"content\":\"" + KEY + " and " + KEY
      + "\"},{\"role\":\"user\",\"content\":\"DB_PASSWORD=" + PASSWORD + "\"}]}").getBytes(StandardCharsets.UTF_8);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private Engine engine(String... settings) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      properties.put("takumo.aegis." + settings[i], settings[i + 1]);
    }
    AegisLog log = new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true));
    return new Engine(AegisConfig.load(properties, Map.of()), log);
  }

  @Test
  void observeModeSendsTheSameBytesAndLogsRuleIdsCountsAndFingerprints() throws Exception {
    Engine engine = engine("mode", "observe");

    assertSame(BODY, engine.protectRequest("api.openai.com", "application/json", null, BODY, scope));

    String log = logged.toString(StandardCharsets.UTF_8);
    List<String> lines = log.lines().toList();
    assertEquals(1, lines.size(), log);
    assertTrue(lines.get(0).contains("INFO observe: a request to api.openai.com holds 3 secret(s) ("), log);
    assertTrue(lines.get(0).contains("openai-api-key x2"), log);
    assertTrue(lines.get(0).matches(".*, tokens [0-9a-f]{12} [0-9a-f]{12}; sent unchanged \\(mode observe\\)"), log);
    assertNoValueIn(log);
    assertNull(engine.restorerFor("api.openai.com", "application/json", null, scope), "responses are left as they are");
    AgentMetrics metrics = engine.metrics();
    assertEquals(1, metrics.getRequestsWithSecrets());
    assertEquals(0, metrics.getRequestsRewritten());
    assertEquals(2L, metrics.getSecretsTokenizedByRule().get("openai-api-key"));
  }

  @Test
  void observeModeNeverBlocksAndSaysWhatLocalModeWouldHaveDone() throws Exception {
    Engine engine = engine("mode", "observe");
    byte[] bad = ("{\"content\":\"" + KEY + "\"").getBytes(StandardCharsets.UTF_8);

    assertSame(bad, engine.protectRequest("api.openai.com", "application/json", null, bad, scope));
    engine.cannotProtect("api.openai.com", "the request body is one-shot");

    assertFalse(engine.failsClosed());
    String log = logged.toString(StandardCharsets.UTF_8);
    assertEquals(2, log.lines().filter(l -> l.contains("WARN observe: a request to api.openai.com could not be scanned")
        && l.endsWith("in mode local, fail-mode closed would block it)")).count(), log);
    assertEquals(2L, engine.metrics().getFailuresByKind().get("not-scanned"));
    assertEquals(0, engine.metrics().getRequestsBlocked());
    assertNoValueIn(log);
  }

  @Test
  void localModeCountsRewritesFailuresLatencyAndRestoredTokens() throws Exception {
    Engine engine = engine();
    byte[] sent = engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    engine.protectRequest("api.openai.com", "application/json", null, "{\"content\":\"hello\"}".getBytes(StandardCharsets.UTF_8), scope);
    assertThrows(RequestBlockedException.class,
        () -> engine.protectRequest("api.openai.com", "application/json", null, "{".getBytes(StandardCharsets.UTF_8), scope));
    engine.restoreFailed("api.openai.com", new IllegalStateException());
    ResponseRestorer restorer = engine.restorerFor("api.openai.com", "application/json", null, scope);
    restorer.update(sent, 0, sent.length);
    restorer.finish();

    AgentMetrics metrics = engine.metrics();
    assertEquals(3, metrics.getRequestsSeen());
    assertEquals(1, metrics.getRequestsRewritten());
    assertEquals(3, metrics.getSecretsTokenized());
    assertEquals(1, metrics.getRequestsBlocked());
    assertEquals(1, metrics.getRestoreFailures());
    assertEquals(2, metrics.getAddedLatencyCount(), "scanned requests");
    assertTrue(metrics.getAddedLatencyMaxMicros() > 0);
    assertEquals(3, metrics.getTokensRestored(), "tokens restored in the response");
  }

  @Test
  void theAuditFileGetsOneLinePerProviderRequestAndNeverAValue() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Engine engine = engine("audit-file", file.toString(), "fail-mode", "open");
    byte[] sent = engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    engine.protectRequest("api.anthropic.com", "application/json", null, "{\"content\":\"hi\"}".getBytes(StandardCharsets.UTF_8), scope);
    engine.cannotProtect("api.openai.com", "the request body is one-shot");

    List<String> lines = awaitLines(file, 3);
    JsonNode tokenized = JSON.readTree(lines.get(0));
    assertEquals("tokenized", tokenized.get("outcome").asText());
    assertEquals("local", tokenized.get("mode").asText());
    assertEquals("api.openai.com", tokenized.get("host").asText());
    assertEquals(2, tokenized.get("rules").get("openai-api-key").asInt());
    assertEquals(3, tokenized.get("secrets").asInt());
    assertEquals(2, tokenized.get("tokens").size(), "distinct tokens");
    assertEquals(BODY.length, tokenized.get("bytesBefore").asInt());
    assertEquals(sent.length, tokenized.get("bytesAfter").asInt());
    assertTrue(tokenized.get("addedMicros").asLong() >= 0);
    assertEquals("clean", JSON.readTree(lines.get(1)).get("outcome").asText());
    assertEquals("sent-unprotected", JSON.readTree(lines.get(2)).get("outcome").asText());
    String all = Files.readString(file);
    assertNoValueIn(all);
    assertFalse(all.contains("TKM_"), "tokens only as fingerprints");
  }

  @Test
  void theSameSecretHasTheSameFingerprintInTheLogAndTheAudit() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Engine engine = engine("mode", "observe", "audit-file", file.toString());
    engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);

    List<String> lines = awaitLines(file, 2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals("observed", first.get("outcome").asText());
    assertEquals(first.get("bytesBefore"), first.get("bytesAfter"));
    assertEquals(first.get("tokens"), JSON.readTree(lines.get(1)).get("tokens"));
    assertTrue(logged.toString(StandardCharsets.UTF_8).contains(first.get("tokens").get(0).asText()));
  }

  @Test
  void observeModeKeepsNothingInTheVault() throws Exception {
    Engine engine = engine("mode", "observe");
    engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    assertEquals(2, engine.metrics().getRequestsWithSecrets(), "found and reported");
    assertEquals(0, engine.metrics().getVaultTokens());
    assertEquals(0, engine.metrics().getVaultBytes());
    Engine local = engine();
    local.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    assertEquals(2, local.metrics().getVaultTokens(), "mode local keeps its two tokens");
  }

  @Test
  void theVaultStaysWithinVaultMaxBytesAndCountsWhatItDrops() throws Exception {
    Engine engine = engine("vault-max-bytes", "1KB");
    byte[] first = engine.protectRequest("api.openai.com", "application/json", null, BODY, scope);
    for (int i = 0; i < 40; i++) {
      engine.protectRequest("api.openai.com", "application/json", null,
          ("{\"content\":\"DB_PASSWORD=" + PASSWORD + i + "\"}").getBytes(StandardCharsets.UTF_8), scope);
    }
    AgentMetrics metrics = engine.metrics();
    assertTrue(metrics.getVaultBytes() <= 1024, "bytes " + metrics.getVaultBytes());
    assertTrue(metrics.getVaultEvictions() > 0);
    ResponseRestorer restorer = engine.restorerFor("api.openai.com", "application/json", null, scope);
    String restored = new String(runThrough(restorer, first, first.length), StandardCharsets.UTF_8);
    assertFalse(restored.contains(KEY), "the first request's tokens were dropped, so not restored");
  }

  @Test
  void aJsonResponseOverMaxBodySizeReachesTheAppAsItCameCountedLoggedAndAudited() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Engine engine = engine("max-body-size", "1KB", "audit-file", file.toString());
    byte[] sent = engine.protectRequest("api.openai.com", "application/json", null,
        ("{\"content\":\"" + KEY + "\"}").getBytes(StandardCharsets.UTF_8), scope);
    String token = new String(sent, StandardCharsets.UTF_8).replaceAll(".*(TKM_oai_[0-9a-z]{20}).*", "$1");
    byte[] response = ("{\"content\":\"" + token + " " + "x".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8);

    ResponseRestorer restorer = engine.restorerFor("api.openai.com", "application/json", null, scope);
    assertArrayEquals(response, runThrough(restorer, response, 512));
    ResponseRestorer gzipped = engine.restorerFor("api.openai.com", "application/json", "gzip", scope);
    byte[] coded = ContentCoding.GZIP.encode(response);
    assertArrayEquals(response, ContentCoding.GZIP.decode(runThrough(gzipped, coded, 256), 1 << 20),
        "decoded, the same bytes");

    assertEquals(2L, engine.metrics().getFailuresByKind().get("response-too-large"));
    assertEquals(2, engine.metrics().getRestoreFailures());
    assertEquals(0, engine.metrics().getTokensRestored());
    String log = logged.toString(StandardCharsets.UTF_8);
    assertEquals(2, log.lines().filter(l -> l.contains("WARN a response from api.openai.com: more than max-body-size"
        + " (1024 bytes) to hold for restoring; passed through as it came, tokens in it not restored")).count(), log);
    assertFalse(log.contains("TKM_") || log.contains("xxxx"), "no body content in the log");
    List<String> lines = awaitLines(file, 3);
    JsonNode record = JSON.readTree(lines.get(1));
    assertEquals("response-too-large", record.get("outcome").asText());
    assertTrue(record.get("reason").asText().startsWith("more than max-body-size (1024 bytes) to hold for restoring"));
    assertNoValueIn(Files.readString(file));
  }

  /** Feeds {@code body} through {@code restorer} in reads of {@code chunk} bytes; what the app gets. */
  private static byte[] runThrough(ResponseRestorer restorer, byte[] body, int chunk) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int at = 0; at < body.length; at += chunk) {
      byte[] part = restorer.update(body, at, Math.min(chunk, body.length - at));
      out.write(part, 0, part.length);
    }
    byte[] tail = restorer.finish();
    out.write(tail, 0, tail.length);
    return out.toByteArray();
  }

  private static List<String> awaitLines(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      if (lines.size() >= count) {
        break;
      }
      Thread.sleep(10);
    }
    assertEquals(count, lines.size(), String.join("\n", lines));
    return lines;
  }

  private static void assertNoValueIn(String text) {
    assertFalse(text.contains(KEY), "holds the API key");
    assertFalse(text.contains(PASSWORD), "holds the password");
    assertFalse(text.contains(KEY.substring(8, 30)), "holds part of the API key");
  }
}
