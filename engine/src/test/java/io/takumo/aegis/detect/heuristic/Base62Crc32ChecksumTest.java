package io.takumo.aegis.detect.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.detect.FakeSecrets;
import org.junit.jupiter.api.Test;

class Base62Crc32ChecksumTest {

  private final Base62Crc32Checksum checksum = new Base62Crc32Checksum(4);

  /** The worked example published with the format: 30 random chars and their checksum. */
  @Test
  void publishedExample() {
    assertEquals("0mLq17", Base62Crc32Checksum.checksum("zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ", 0, 30));
    String token = "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";
    assertTrue(checksum.accepts(token, 0, token.length()));
  }

  @Test
  void agreesWithAnIndependentEncoding() {
    FakeSecrets fake = new FakeSecrets(7);
    for (int i = 0; i < 1000; i++) {
      String random = fake.chars(FakeSecrets.ALNUM, 30);
      assertEquals(FakeSecrets.base62Crc32(random), Base62Crc32Checksum.checksum(random, 0, 30));
    }
  }

  @Test
  void spanInsideLongerText() {
    String token = new FakeSecrets().gitHubToken("gho_");
    String text = "xx " + token + " yy";
    assertTrue(checksum.accepts(text, 3, 3 + token.length()));
    assertFalse(checksum.accepts(text, 2, 2 + token.length()));
  }

  @Test
  void wrongChecksumOrTooShort() {
    assertFalse(checksum.accepts("ghp_zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ0mLq18", 0, 40));
    assertFalse(checksum.accepts("ghp_abc", 0, 7));
  }
}
