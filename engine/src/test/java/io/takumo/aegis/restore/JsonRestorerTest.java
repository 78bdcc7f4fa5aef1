package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.FOREIGN_TOKEN;
import static io.takumo.aegis.restore.TestSupport.SECRET_A;
import static io.takumo.aegis.restore.TestSupport.SECRET_B;
import static io.takumo.aegis.restore.TestSupport.json;
import static io.takumo.aegis.restore.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.takumo.aegis.json.JsonParser;
import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.json.MalformedJsonException;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

class JsonRestorerTest {

  private final TestSupport t = new TestSupport();
  private final JsonRestorer restorer = new JsonRestorer(t.vault);

  private String restore(String json) {
    return utf8(restorer.restore(utf8(json)));
  }

  @Test
  void noTokenPrefixReturnsTheSameArray() {
    byte[] body = utf8("{\"a\": \"TKM\", \"b\": [1, 2]}");
    assertSame(body, restorer.restore(body));
    byte[] notJson = utf8("<html>TK M_</html>");
    assertSame(notJson, restorer.restore(notJson));
  }

  @Test
  void onlyForeignTokensReturnsTheSameArray() {
    byte[] body = utf8("{\"a\": \"" + FOREIGN_TOKEN + "\"}");
    assertSame(body, restorer.restore(body));
  }

  @Test
  void restoresStringsAtAnyDepthKeysIncluded() {
    String in = "{\"a\": {\"b\": [\"" + t.tokenA + "\", {\"c\": \"x " + t.tokenB + "\"}, 3, null, true]},\n"
        + " \"" + t.tokenB + "\": [[[\"" + t.tokenA + "\"]]], \"n\": -1.5e3}";
    JsonNode out = json(restore(in));
    assertEquals(SECRET_A, out.path("a").path("b").path(0).asText());
    assertEquals("x " + SECRET_B, out.path("a").path("b").path(1).path("c").asText());
    assertEquals(SECRET_A, out.path(SECRET_B).path(0).path(0).path(0).asText());
    assertEquals(-1500.0, out.path("n").asDouble());
  }

  @Test
  void unchangedStringsAndLayoutStayByteIdentical() {
    String head = "{ \"x\" : \"caf\\u00e9 \\/ \\\"q\\\"\",\n\t\"n\":1.0E+2 , \"y\": ";
    String out = restore(head + "\"" + t.tokenA + "\" }");
    assertTrue(out.startsWith(head), out);
    assertTrue(out.endsWith(" }"), out);
    assertEquals(SECRET_A, json(out).path("y").asText());
  }

  @Test
  void aChangedStringKeepsItsOtherEscapedChars() {
    String out = restore("[\"caf\\u00e9 \\ud83d\\ude00 \\t " + t.tokenA + " \\ud800\"]");
    assertEquals("café 😀 \t " + SECRET_A + " \ud800", json(out).path(0).asText());
    assertTrue(out.contains("\\ud800"), "a lone surrogate stays escaped: " + out);
  }

  @Test
  void jsonInsideAStringGetsSecretsEscapedForIt() {
    String arguments = "{\"key\": \"" + t.tokenA + "\", \"list\": [\"" + t.tokenB + "\"]}";
    String in = "{\"choices\":[{\"message\":{\"tool_calls\":[{\"function\":{\"name\":\"f\",\"arguments\":"
        + TestSupport.quote(arguments) + "}}]}}]}";
    JsonNode out = json(restore(in));
    String restoredArguments = out.path("choices").path(0).path("message").path("tool_calls").path(0)
        .path("function").path("arguments").asText();
    assertEquals(SECRET_A, json(restoredArguments).path("key").asText());
    assertEquals(SECRET_B, json(restoredArguments).path("list").path(0).asText());
  }

  @Test
  void invalidJsonFallsBackToTextAndKeepsEveryOtherByte() {
    String truncated = "{\"a\": \"" + t.tokenA + "\", \"b\": [1, 2";
    assertEquals("{\"a\": \"" + JsonStrings.escape(SECRET_A) + "\", \"b\": [1, 2", restore(truncated));
    assertEquals("error: " + SECRET_A + " bad", restore("error: " + t.tokenA + " bad"));

    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(utf8("{\"a\": \"\u00ff"));
    body.write(0xff); // invalid UTF-8
    body.writeBytes(utf8("\", \"b\": \"" + t.tokenB + "\"}"));
    byte[] out = restorer.restore(body.toByteArray());
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(utf8("{\"a\": \"\u00ff"));
    expected.write(0xff);
    expected.writeBytes(utf8("\", \"b\": \"" + JsonStrings.escape(SECRET_B) + "\"}"));
    assertArrayEquals(expected.toByteArray(), out);
  }

  @Test
  void deeplyNestedJsonFallsBackInsteadOfOverflowing() {
    String deep = "[".repeat(5000) + "\"" + t.tokenA + "\"" + "]".repeat(5000);
    String out = restore(deep);
    assertEquals(deep.replace(t.tokenA, JsonStrings.escape(SECRET_A)), out);
  }

  @Test
  void rejectsWhatStrictJsonRejects() {
    for (String bad : new String[] {"{\"a\":01}", "{\"a\":\"\t\"}", "{\"a\":\"\\x\"}", "[1,]", "{\"a\" 1}", "tru", "1 2",
        "{\"a\":\"\\u12\"}", "-", "1.", "1e"}) {
      try {
        JsonParser.parse(utf8(bad), 0, utf8(bad).length);
        throw new AssertionError("accepted " + bad);
      } catch (MalformedJsonException expected) {
        assertTrue(expected.getMessage().startsWith("malformed JSON at offset"));
      }
    }
  }

  @Test
  void bomBeforeTheDocumentIsAllowed() {
    String out = restore("\uFEFF{\"a\":\"" + t.tokenA + "\"}");
    assertEquals("\uFEFF{\"a\":" + TestSupport.quote(SECRET_A) + "}", out);
  }

  @Test
  void realisticProviderResponses() {
    String arguments = "{\"key\": \"" + t.tokenA + "\", \"note\": \"" + t.tokenB + "\"}";
    JsonNode chat = json(restore("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"Use " + t.tokenA + "\",\"refusal\":null,\"tool_calls\":[{"
        + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":" + TestSupport.quote(arguments)
        + "}}],\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":{\"total_tokens\":9}}"));
    JsonNode message = chat.path("choices").path(0).path("message");
    assertEquals("Use " + SECRET_A, message.path("content").asText());
    JsonNode parsed = json(message.path("tool_calls").path(0).path("function").path("arguments").asText());
    assertEquals(SECRET_A, parsed.path("key").asText());
    assertEquals(SECRET_B, parsed.path("note").asText());

    JsonNode anthropic = json(restore("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":["
        + "{\"type\":\"thinking\",\"thinking\":\"about " + t.tokenB + "\",\"signature\":\"EqQB\"},"
        + "{\"type\":\"text\",\"text\":\"" + t.tokenA + "\"},"
        + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"f\",\"input\":" + arguments + "}],"
        + "\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":1,\"output_tokens\":2}}"));
    assertEquals("about " + SECRET_B, anthropic.path("content").path(0).path("thinking").asText());
    assertEquals(SECRET_A, anthropic.path("content").path(1).path("text").asText());
    assertEquals(SECRET_A, anthropic.path("content").path(2).path("input").path("key").asText());

    JsonNode gemini = json(restore("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + t.tokenB + "\"},"
        + "{\"functionCall\":{\"name\":\"f\",\"args\":" + arguments + "}}],\"role\":\"model\"},"
        + "\"finishReason\":\"STOP\"}],\"modelVersion\":\"gemini-2.5-flash\"}"));
    JsonNode parts = gemini.path("candidates").path(0).path("content").path("parts");
    assertEquals(SECRET_B, parts.path(0).path("text").asText());
    assertEquals(SECRET_B, parts.path(1).path("functionCall").path("args").path("note").asText());
  }
}
