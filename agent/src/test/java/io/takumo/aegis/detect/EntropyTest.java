package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
