package io.takumo.aegis.instrument.urlconnection;

import static io.takumo.aegis.instrument.TestEngines.CHAT_JSON;
import static io.takumo.aegis.instrument.TestEngines.SECRET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.instrument.TestEngines;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtectingOutputStreamTest {

  private final ByteArrayOutputStream real = new ByteArrayOutputStream();

  @Test
  void holdsTheBodyBackUntilClosedThenWritesItProtected() throws IOException {
    ProtectingOutputStream out = stream(new TestEngines());

    out.write(bytes(CHAT_JSON));
    out.flush();
    assertEquals(0, real.size(), "nothing goes out before the body is complete");
    out.close();

    assertFalse(real.toString(StandardCharsets.UTF_8).contains(SECRET));
    assertTrue(real.toString(StandardCharsets.UTF_8).contains("TKM_oai_"));
  }

  @Test
  void sendsOnceAndIgnoresWritesAfterwardsLikeTheJdk() throws IOException {
    ProtectingOutputStream out = stream(new TestEngines());
    out.write(bytes("{\"a\":1}"));

    out.send();
    out.send();
    out.write('x');
    out.close();

    assertEquals("{\"a\":1}", real.toString(StandardCharsets.UTF_8));
  }

  @Test
  void blocksABodyOverMaxBodySizeWithFailModeClosedAndNeverSendsIt() throws IOException {
    ProtectingOutputStream out = stream(new TestEngines("max-body-size", "1KB"));
    out.write(new byte[1000]);

    RequestBlockedException e = assertThrows(RequestBlockedException.class, () -> out.write(new byte[100]));

    assertThrows(RequestBlockedException.class, out::send, "asking again fails again");
    assertEquals(0, real.size());
    assertTrue(e.getMessage().contains("max-body-size"));
  }

  @Test
  void passesABodyOverMaxBodySizeThroughWithFailModeOpen() throws IOException {
    TestEngines open = new TestEngines("max-body-size", "1KB", "fail-mode", "open");
    ProtectingOutputStream out = stream(open);
    byte[] body = bytes(CHAT_JSON + " ".repeat(2000));

    out.write(body, 0, 1000);
    out.write(body, 1000, body.length - 1000);
    out.close();

    assertEquals(new String(body, StandardCharsets.UTF_8), real.toString(StandardCharsets.UTF_8));
    assertTrue(open.log().contains("WITHOUT protection"));
  }

  private ProtectingOutputStream stream(TestEngines engines) {
    return new ProtectingOutputStream(real, engines.engine(), "api.openai.com", "application/json", null, new RestoreScope());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
