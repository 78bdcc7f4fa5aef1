package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Observe mode, the audit log and the JMX metrics, in real apps under the agent. */
class OperationsE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String HTTP_CALL = "io.takumo.aegis.apps.HttpCall";
  private static final String JSON_HEADER = "Content-Type: application/json";

  private static StandInProviders provider;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  /**
   * jdk-string sends a body of unknown length (chunked), urlconnection-fixed one in fixed-length
   * streaming mode, okhttp a body OkHttp writes itself: each must reach the provider as it would
   * without the agent. The okhttp and jdk-string calls ask for a streamed (SSE) reply.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk-send-h1", "jdk-string", "urlconnection-fixed", "okhttp"})
  void observeModeChangesNoByteAndLogsWhatItFound(String client) throws Exception {
    TestSecrets secrets = new TestSecrets();
    boolean stream = client.equals("okhttp") || client.equals("jdk-string");
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), stream);
    String marker = secrets.lookAlikes.get(2);

    AppRunner.Result without = AppRunner.app("apps").withoutAgent()
        .run(HTTP_CALL, client, provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();
    AppRunner.Result observed = AppRunner.app("apps").setting("provider-hosts", provider.hostEntry())
        .env("TAKUMO_AEGIS_MODE", "observe")
        .run(HTTP_CALL, client, provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();

    List<LoggedRequest> received = requestsWith(marker);
    assertEquals(2, received.size());
    assertArrayEquals(Files.readAllBytes(request), received.get(0).getBody());
    assertArrayEquals(received.get(0).getBody(), received.get(1).getBody(), "the body the provider received");
    assertEquals(headers(received.get(0)), headers(received.get(1)), "the headers the provider received");
    assertArrayEquals(without.stdout, observed.stdout, "what the app read");

    List<String> findings = observed.stderr.lines()
        .filter(l -> l.contains("INFO observe: a request to 127.0.0.1 holds 6 secret(s) (")).collect(Collectors.toList());
    assertEquals(1, findings.size(), observed.stderr);
    assertTrue(findings.get(0).contains("openai-api-key x1") && findings.get(0).contains("pem-private-key x1"), findings.get(0));
    assertTrue(findings.get(0).matches(".*, tokens( [0-9a-f]{12}){6}; sent unchanged \\(mode observe\\)"), findings.get(0));
    assertTrue(observed.stderr.contains("Takumo Aegis active: mode observe"), observed.stderr);
    assertNoSecretIn(observed.stderr, secrets);
  }

  @Test
  void auditLinesPerRequestAndMetricsReadOverJmxWithTheAppsOwnLogManager(@TempDir Path tmp) throws Exception {
    TestSecrets secrets = new TestSecrets();
    String message = secrets.message();
    Path request = StandInProviders.requestFile(CHAT, message, true);
    Path audit = tmp.resolve("audit.jsonl");
    Path metricsFile = tmp.resolve("metrics.txt");

    AppRunner.Result result = AppRunner.app("apps").setting("provider-hosts", provider.hostEntry())
        .setting("audit-file", audit.toString())
        .run("io.takumo.aegis.apps.MetricsApp", metricsFile.toString(), "3", "jdk-send-h1", provider.url(CHAT),
            request.toString(), JSON_HEADER)
        .assertOk();

    assertEquals(FakeProvider.reply(message), Replies.parse(result.out()).text, "the app read its own values back");
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);

    String auditText = Files.readString(audit, StandardCharsets.UTF_8);
    List<String> lines = auditText.lines().collect(Collectors.toList());
    assertEquals(3, lines.size(), auditText);
    Map<String, Long> rulesTimesThree = new HashMap<>();
    JsonNode first = FakeProvider.JSON.readTree(lines.get(0));
    for (String line : lines) {
      JsonNode record = FakeProvider.JSON.readTree(line);
      assertEquals("tokenized", record.get("outcome").asText());
      assertEquals("local", record.get("mode").asText());
      assertEquals("127.0.0.1", record.get("host").asText());
      assertEquals(6, record.get("secrets").asInt());
      assertEquals(1, record.get("rules").get("openai-api-key").asInt());
      assertEquals(first.get("tokens"), record.get("tokens"), "the same secrets, the same fingerprints");
      assertEquals(6, record.get("tokens").size());
      assertEquals(Files.size(request), record.get("bytesBefore").asLong());
      assertTrue(record.get("bytesAfter").asLong() > 0 && record.get("addedMicros").asLong() >= 0, line);
      record.get("rules").fields().forEachRemaining(e -> rulesTimesThree.merge(e.getKey(), e.getValue().asLong(), Long::sum));
    }
    assertNoSecretIn(auditText, secrets);
    assertFalse(auditText.contains("TKM_"), "tokens appear only as fingerprints");

    Map<String, String> metrics = Files.readAllLines(metricsFile).stream()
        .map(l -> l.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    assertEquals("local", metrics.get("Mode"));
    assertEquals("3", metrics.get("RequestsSeen"));
    assertEquals("3", metrics.get("RequestsRewritten"));
    assertEquals("18", metrics.get("SecretsTokenized"));
    assertEquals(rulesTimesThree.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue()).sorted()
        .collect(Collectors.joining(",")), metrics.get("SecretsTokenizedByRule"));
    assertTrue(Long.parseLong(metrics.get("TokensRestored")) >= 6, metrics.get("TokensRestored"));
    assertEquals("0", metrics.get("RequestsBlocked"));
    assertEquals("-1", metrics.get("RateLimitRemaining"));
    assertEquals("3", metrics.get("AddedLatencyCount"));
    long p50 = Long.parseLong(metrics.get("AddedLatencyP50Micros"));
    assertTrue(p50 > 0 && p50 <= Long.parseLong(metrics.get("AddedLatencyMaxMicros")), metrics.toString());
    assertEquals("io.takumo.aegis.apps.MetricsApp$AppLogManager", metrics.get("LogManager"),
        "registering the MBean kept the LogManager the app chose");
    assertNoSecretIn(result.stderr + metrics, secrets);
  }

  private static List<LoggedRequest> requestsWith(String marker) {
    return provider.server.getAllServeEvents().stream()
        .map(e -> e.getRequest())
        .filter(r -> new String(r.getBody(), StandardCharsets.UTF_8).contains(marker))
        .collect(Collectors.toList());
  }

  private static List<String> headers(LoggedRequest request) {
    return request.getHeaders().all().stream()
        .map(h -> h.key().toLowerCase(java.util.Locale.ROOT) + ": " + h.values())
        .sorted()
        .collect(Collectors.toList());
  }

  private static void assertNoSecretIn(String text, TestSecrets secrets) {
    String leak = secrets.leakIn(text);
    assertNull(leak, "holds " + leak);
  }
}
