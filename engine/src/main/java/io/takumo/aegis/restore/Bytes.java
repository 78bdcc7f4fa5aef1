package io.takumo.aegis.restore;

import java.nio.charset.StandardCharsets;

/** Small helpers over byte arrays. */
final class Bytes {

  static final byte[] EMPTY = new byte[0];
  static final byte[] TOKEN_PREFIX = "TKM_".getBytes(StandardCharsets.US_ASCII);

  private Bytes() {}

  /** The first index of {@code needle} in {@code src[from, to)}, or -1. */
  static int indexOf(byte[] src, int from, int to, byte[] needle) {
    int last = to - needle.length;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (src[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** The ISO-8859-1 view of bytes: one char per byte, lossless both ways. */
  static String view(byte[] src, int from, int to) {
    return new String(src, from, to - from, StandardCharsets.ISO_8859_1);
  }

  static byte[] unview(String view) {
    return view.getBytes(StandardCharsets.ISO_8859_1);
  }
}
