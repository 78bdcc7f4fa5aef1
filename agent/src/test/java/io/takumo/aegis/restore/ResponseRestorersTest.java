package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.SECRET_A;
import static io.takumo.aegis.restore.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseRestorersTest {

  private final TestSupport t = new TestSupport();

  @Test
  void picksTheRestorerByMediaType() {
    assertInstanceOf(SseRestorer.class, ResponseRestorers.forContentType(t.vault, "text/event-stream"));
    assertInstanceOf(SseRestorer.class, ResponseRestorers.forContentType(t.vault, "Text/Event-Stream; charset=utf-8"));
    for (String json : new String[] {"application/json", "application/json;charset=UTF-8", "text/json",
        "application/problem+json", " APPLICATION/JSON "}) {
      assertInstanceOf(BufferedJsonRestorer.class, ResponseRestorers.forContentType(t.vault, json), json);
    }
    assertInstanceOf(PlainTextRestorer.class, ResponseRestorers.forContentType(t.vault, "text/plain"));
    assertInstanceOf(PlainTextRestorer.class, ResponseRestorers.forContentType(t.vault, "text/html; charset=bogus-name"));
    for (String binary : new String[] {null, "", "image/png", "application/octet-stream",
        "application/vnd.amazon.eventstream", "audio/mpeg"}) {
      assertNull(ResponseRestorers.forContentType(t.vault, binary), binary);
    }
  }

  @Test
  void jsonRestorerBuffersUntilTheEnd() {
    ResponseRestorer restorer = ResponseRestorers.forContentType(t.vault, "application/json");
    byte[] body = utf8("{\"a\":\"" + t.tokenA + "\"}");
    assertEquals(0, restorer.update(body, 0, 5).length);
    assertEquals(0, restorer.update(body, 5, body.length - 5).length);
    assertEquals(SECRET_A, TestSupport.json(utf8(restorer.finish())).path("a").asText());
  }

  @Test
  void textRestorerUsesTheDeclaredCharset() {
    String token = t.vault.tokenize("naïve", "pwd");
    ResponseRestorer restorer = ResponseRestorers.forContentType(t.vault, "text/plain; charset=\"ISO-8859-1\"");
    byte[] body = ("è " + token).getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = TestSupport.runOneShot(restorer, body);
    assertEquals("è naïve", new String(out, StandardCharsets.ISO_8859_1));
  }
}
