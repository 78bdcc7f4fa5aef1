package io.takumo.aegis.detect;

import java.util.Arrays;

/** Shannon entropy of a string's characters. */
final class Entropy {

  private Entropy() {}

  /** Bits per character of {@code text[start, end)}, from the frequency of each character. */
  static double bitsPerChar(CharSequence text, int start, int end) {
    int n = end - start;
    if (n <= 0) {
      return 0;
    }
    char[] chars = new char[n];
    for (int i = 0; i < n; i++) {
      chars[i] = text.charAt(start + i);
    }
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
