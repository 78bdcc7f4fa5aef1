package io.takumo.aegis.detect.heuristic;

import java.util.Arrays;

/** Shannon entropy of a string's characters. */
public final class Entropy {

  private static final int ASCII = 128;

  private Entropy() {}

  /**
   * Bits per character of {@code text[start, end)}, from the frequency of each character. ASCII
   * chars are counted in a table and only others sorted; the terms are summed in order of char
   * either way, so the result does not depend on the mix.
   */
  public static double bitsPerChar(CharSequence text, int start, int end) {
    int n = end - start;
    if (n <= 0) {
      return 0;
    }
    int[] counts = new int[ASCII];
    char[] others = null;
    int otherCount = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < ASCII) {
        counts[c]++;
      } else {
        if (others == null) {
          others = new char[n];
        }
        others[otherCount++] = c;
      }
    }
    double bits = 0;
    for (int c = 0; c < ASCII; c++) {
      if (counts[c] > 0) {
        bits -= term(counts[c], n);
      }
    }
    if (otherCount > 0) {
      Arrays.sort(others, 0, otherCount);
      int run = 1;
      for (int i = 1; i <= otherCount; i++) {
        if (i < otherCount && others[i] == others[i - 1]) {
          run++;
        } else {
          bits -= term(run, n);
          run = 1;
        }
      }
    }
    return bits / Math.log(2);
  }

  private static double term(int run, int n) {
    double p = (double) run / n;
    return p * Math.log(p);
  }
}
