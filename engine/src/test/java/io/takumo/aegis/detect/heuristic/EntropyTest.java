package io.takumo.aegis.detect.heuristic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EntropyTest {

  @Test
  void knownValues() {
    assertEquals(0.0, Entropy.bitsPerChar("aaaa", 0, 4), 1e-9);
    assertEquals(1.0, Entropy.bitsPerChar("abab", 0, 4), 1e-9);
    assertEquals(2.0, Entropy.bitsPerChar("abcd", 0, 4), 1e-9);
    assertEquals(3.0, Entropy.bitsPerChar("xxabcdefghyy", 2, 10), 1e-9);
    assertEquals(0.0, Entropy.bitsPerChar("", 0, 0), 1e-9);
  }

  /** Bit for bit what sorting all chars gives, so thresholds decide as they always did. */
  @Test
  void sameAsSortingEveryChar() {
    Random random = new Random(3);
    String alphabet = "aAbB019+/-_!é€\u212A\ud83d\udd11";
    for (int t = 0; t < 20_000; t++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(60); i > 0; i--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      assertEquals(sorted(s), Entropy.bitsPerChar(s, 0, s.length()), 0.0, s);
    }
  }

  private static double sorted(String s) {
    int n = s.length();
    if (n == 0) {
      return 0;
    }
    char[] chars = s.toCharArray();
    Arrays.sort(chars);
    double bits = 0;
    int run = 1;
    for (int i = 1; i <= n; i++) {
      if (i < n && chars[i] == chars[i - 1]) {
        run++;
      } else {
        double p = (double) run / n;
        bits -= p * Math.log(p);
        run = 1;
      }
    }
    return bits / Math.log(2);
  }
}
