package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.SECRET_A;
import static io.takumo.aegis.restore.TestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResponseRestorersTest {

  private final TestSupport t = new TestSupport();

  @Test
  void picksTheRestorerByMediaType() {
    assertInstanceOf(SseRestorer.class, t.restorerFor("text/event-stream"));
    assertInstanceOf(SseRestorer.class, t.restorerFor("Text/Event-Stream; charset=utf-8"));
    for (String json : new String[] {"application/json", "application/json;charset=UTF-8", "text/json",
        "application/problem+json", " APPLICATION/JSON "}) {
      assertInstanceOf(BufferedJsonRestorer.class, t.restorerFor(json), json);
    }
    assertInstanceOf(PlainTextRestorer.class, t.restorerFor("text/plain"));
    assertInstanceOf(PlainTextRestorer.class, t.restorerFor("text/html; charset=bogus-name"));
    for (String binary : new String[] {null, "", "image/png", "application/octet-stream",
        "application/vnd.amazon.eventstream", "audio/mpeg"}) {
      assertNull(t.restorerFor(binary), binary);
    }
  }

  @Test
  void jsonRestorerBuffersUntilTheEnd() {
    ResponseRestorer restorer = t.restorerFor("application/json");
    byte[] body = utf8("{\"a\":\"" + t.tokenA + "\"}");
    assertEquals(0, restorer.update(body, 0, 5).length);
    assertEquals(0, restorer.update(body, 5, body.length - 5).length);
    assertEquals(SECRET_A, TestSupport.json(utf8(restorer.finish())).path("a").asText());
  }

  @Test
  void textRestorerUsesTheDeclaredCharset() {
    String token = t.vault.tokenize("naïve", "pwd");
    ResponseRestorer restorer = t.restorerFor("text/plain; charset=\"ISO-8859-1\"");
    byte[] body = ("è " + token).getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = TestSupport.runOneShot(restorer, body);
    assertEquals("è naïve", new String(out, StandardCharsets.ISO_8859_1));
  }

  @Test
  void aJsonBodyOverTheLimitPassesThroughAsItCameAndTheLimitIsToldOnce() {
    byte[] body = utf8("{\"a\":\"" + t.tokenA + "\",\"pad\":\"" + "x".repeat(300) + "\",\"b\":\"" + t.tokenA + "\"}");
    AtomicInteger told = new AtomicInteger();
    ResponseRestorer restorer = ResponseRestorers.forContentType(t.vault, "application/json", 100, told::incrementAndGet);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertEquals(0, restorer.update(body, 0, 60).length, "held while under the limit");
    byte[] released = restorer.update(body, 60, 60);
    assertArrayEquals(Arrays.copyOfRange(body, 0, 120), released, "what was held, as it came, once over");
    out.write(released, 0, released.length);
    for (int at = 120; at < body.length; at += 50) {
      byte[] passed = restorer.update(body, at, Math.min(50, body.length - at));
      assertArrayEquals(Arrays.copyOfRange(body, at, Math.min(at + 50, body.length)), passed, "passed through at once");
      out.write(passed, 0, passed.length);
    }
    assertEquals(0, restorer.finish().length);
    assertArrayEquals(body, out.toByteArray());
    assertEquals(1, told.get());
  }

  @Test
  void aJsonBodyOfExactlyTheLimitIsRestored() {
    byte[] body = utf8("{\"a\":\"" + t.tokenA + "\"}");
    AtomicInteger told = new AtomicInteger();
    ResponseRestorer restorer =
        ResponseRestorers.forContentType(t.vault, "application/json", body.length, told::incrementAndGet);
    assertEquals(SECRET_A, TestSupport.json(utf8(TestSupport.runOneShot(restorer, body))).path("a").asText());
    assertEquals(0, told.get());
  }
}
