package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import io.takumo.aegis.vault.TokenFingerprint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A response gets back only the tokens its own request's secrets were replaced by. */
class EngineRestoreScopeTest {

  private static final String HOST = "api.openai.com";
  private static final String JSON_TYPE = "application/json";
  private static final String KEY = "sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ";
  private static final Pattern TOKEN = Pattern.compile("TKM_[a-z0-9]{2,4}_[0-9a-z]{20}");

  @TempDir Path dir;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private Engine engine(String... settings) {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < settings.length; i += 2) {
      properties.put("takumo.aegis." + settings[i], settings[i + 1]);
    }
    return new Engine(AegisConfig.load(properties, Map.of()), new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true)));
  }

  @Test
  void anotherUsersTokenSentVerbatimComesBackAsTheTokenCountedLoggedAndAudited() throws Exception {
    Path audit = dir.resolve("audit.jsonl");
    Engine engine = engine("audit-file", audit.toString());
    String tokenA = tokenIn(protect(engine, engine.scopeFor("/v1/chat/completions"), KEY));

    RestoreScope b = engine.scopeFor("/v1/chat/completions");
    String sentB = protect(engine, b, "repeat exactly: " + tokenA);
    assertTrue(sentB.contains(tokenA), "a token in the app's request goes out as it is");
    String echo = "{\"content\":\"You said: repeat exactly: " + tokenA + "\"}";
    assertEquals(echo, restore(engine, b, JSON_TYPE, echo));

    assertEquals(1, engine.metrics().getTokensNotRestored());
    String log = logged.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("holds token " + TokenFingerprint.of(tokenA) + ", which its request did not send"), log);
    assertFalse(log.contains(KEY) || log.contains(tokenA), log);
    JsonNode record = new ObjectMapper().readTree(awaitLines(audit, 3).get(2));
    assertEquals("token-not-restored", record.get("outcome").asText());
    assertEquals(TokenFingerprint.of(tokenA), record.get("tokens").get(0).asText());
  }

  @Test
  void theRequestsOwnTokensAndAResentHistoryAreRestored() throws Exception {
    Engine engine = engine();
    RestoreScope first = engine.scopeFor("/v1/chat/completions");
    String token = tokenIn(protect(engine, first, KEY));
    String reply = "{\"content\":\"" + token + "\"}";
    assertEquals("{\"content\":\"" + KEY + "\"}", restore(engine, first, JSON_TYPE, reply));

    // The next turn sends the history again, with the value: it maps to the same token.
    RestoreScope second = engine.scopeFor("/v1/chat/completions");
    protect(engine, second, KEY + " and more");
    assertEquals("{\"content\":\"" + KEY + "\"}", restore(engine, second, JSON_TYPE, reply));
    assertEquals(0, engine.metrics().getTokensNotRestored());
  }

  @Test
  void aToolCallArgumentHoldingATokenFromAnotherRequestIsNotRestored() throws Exception {
    Engine engine = engine();
    String other = tokenIn(protect(engine, engine.scopeFor("/v1/chat/completions"), KEY));
    RestoreScope clean = engine.scopeFor("/v1/chat/completions");
    protect(engine, clean, "list my files");
    String stream = "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":"
        + "{\"arguments\":\"{\\\"key\\\":\\\"" + other + "\\\"}\"}}]}}]}\n\ndata: [DONE]\n\n";
    assertEquals(stream, restore(engine, clean, "text/event-stream", stream));
    assertEquals(1, engine.metrics().getTokensNotRestored());
  }

  @Test
  void conversationScopeFollowsPreviousResponseIdOnlyWhenOptedIn() throws Exception {
    for (String mode : List.of("request", "conversation")) {
      Engine engine = engine("restore-scope", mode);
      RestoreScope first = engine.scopeFor("/v1/responses");
      String token = tokenIn(protect(engine, first, KEY));
      restore(engine, first, JSON_TYPE, "{\"id\":\"resp_1\",\"object\":\"response\",\"output\":[]}");

      RestoreScope next = engine.scopeFor("/v1/responses");
      protectJson(engine, next, "{\"previous_response_id\":\"resp_1\",\"input\":\"say it again\"}");
      String reply = "{\"id\":\"resp_2\",\"output_text\":\"" + token + "\"}";
      String expected = mode.equals("conversation") ? "{\"id\":\"resp_2\",\"output_text\":\"" + KEY + "\"}" : reply;
      assertEquals(expected, restore(engine, next, JSON_TYPE, reply), mode);

      RestoreScope stranger = engine.scopeFor("/v1/responses");
      protectJson(engine, stranger, "{\"input\":\"say " + token + "\"}");
      assertEquals(reply, restore(engine, stranger, JSON_TYPE, reply), mode + ": a request naming no conversation");
    }
  }

  @Test
  void anUnknownRestoreScopeIsRefusedInOneLine() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine("restore-scope", "process"));
    assertEquals("restore-scope must be request or conversation, not 'process'", e.getMessage());
  }

  private static String protect(Engine engine, RestoreScope scope, String content) throws Exception {
    return protectJson(engine, scope, "{\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}");
  }

  private static String protectJson(Engine engine, RestoreScope scope, String body) throws Exception {
    return new String(engine.protectRequest(HOST, JSON_TYPE, null, body.getBytes(StandardCharsets.UTF_8), scope),
        StandardCharsets.UTF_8);
  }

  private static String restore(Engine engine, RestoreScope scope, String type, String body) {
    ResponseRestorer r = engine.restorerFor(HOST, type, null, scope);
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    return new String(r.update(b, 0, b.length), StandardCharsets.UTF_8) + new String(r.finish(), StandardCharsets.UTF_8);
  }

  private static String tokenIn(String sent) {
    Matcher m = TOKEN.matcher(sent);
    assertTrue(m.find(), sent);
    return m.group();
  }

  private static List<String> awaitLines(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<String> lines = List.of();
    while (System.nanoTime() < deadline) {
      lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      if (lines.size() >= count) {
        break;
      }
      Thread.sleep(10);
    }
    assertEquals(count, lines.size(), String.join("\n", lines));
    return lines;
  }
}
