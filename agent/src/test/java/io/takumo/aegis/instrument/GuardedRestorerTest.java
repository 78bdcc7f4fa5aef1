package io.takumo.aegis.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.restore.ResponseRestorer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class GuardedRestorerTest {

  private final TestEngines engines = new TestEngines();

  @Test
  void passesWhatTheRestorerReleases() {
    GuardedRestorer guarded = new GuardedRestorer(new UpperCase(false), engines.engine(), "api.openai.com");

    assertEquals("AB", text(guarded.update(bytes("xab"), 1, 2)));
    assertEquals("!", text(guarded.finish()));
  }

  @Test
  void afterAFailureTheRestOfTheBodyPassesAsItCameWithOneWarning() {
    GuardedRestorer guarded = new GuardedRestorer(new UpperCase(true), engines.engine(), "api.openai.com");

    assertEquals("ab", text(guarded.update(bytes("ab"), 0, 2)));
    assertEquals("cd", text(guarded.update(bytes("cd"), 0, 2)));
    assertEquals("", text(guarded.finish()));
    assertEquals(1, engines.log().lines().filter(l -> l.contains("WARN could not restore")).count(), engines.log());
    assertTrue(engines.log().contains("IllegalStateException"), engines.log());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Upper-cases each chunk and ends with "!"; or fails on every call. */
  private static final class UpperCase implements ResponseRestorer {
    private final boolean fail;

    UpperCase(boolean fail) {
      this.fail = fail;
    }

    @Override
    public byte[] update(byte[] b, int off, int len) {
      if (fail) {
        throw new IllegalStateException("restorer broke");
      }
      return new String(b, off, len, StandardCharsets.UTF_8).toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] finish() {
      if (fail) {
        throw new IllegalStateException("restorer broke");
      }
      return bytes("!");
    }
  }
}
