package io.takumo.aegis.rewrite;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Maps char positions in the decoded value of a JSON string literal to byte positions in the
 * literal as it was sent (UTF-8, with its escapes), so that a secret can be cut out of the
 * original bytes and every other byte of the literal kept as the app wrote it.
 */
final class LiteralOffsets {

  /** Reads 8 bytes of an array at once, so that runs of plain ASCII are skipped a word at a time. */
  private static final VarHandle WORDS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  private LiteralOffsets() {}

  /**
   * Finds the byte offset of each char position in {@code chars}.
   *
   * @param json the document
   * @param from the first byte of the literal's content (just after its opening quote)
   * @param to the literal's closing quote
   * @param chars char positions in the decoded value, in ascending order
   * @param length the decoded value's length, as a check that the walk agrees with the parser
   * @param offsets receives the byte offset of each of {@code chars}
   * @return false if a position falls between the two halves of a surrogate pair (one 4-byte
   *     UTF-8 sequence, which has no byte in between) or the literal does not decode to {@code
   *     length} chars; the caller then re-encodes the whole literal
   */
  static boolean locate(byte[] json, int from, int to, int[] chars, int length, int[] offsets) {
    int next = 0;
    int c = 0;
    int b = from;
    while (true) {
      while (next < chars.length && chars[next] == c) {
        offsets[next++] = b;
      }
      if (next < chars.length && chars[next] < c) {
        return false;
      }
      if (b >= to) {
        break;
      }
      // Plain ASCII is one byte per char: skip it up to the next position sought.
      int limit = next < chars.length ? Math.min(to, b + chars[next] - c) : to;
      int plain = plainEnd(json, b, limit) - b;
      if (plain > 0) {
        b += plain;
        c += plain;
        continue;
      }
      int lead = json[b] & 0xff;
      if (lead == '\\') {
        // A u escape (6 bytes) is one UTF-16 unit, an escaped pair two; a short escape (2 bytes) one char.
        b += json[b + 1] == 'u' ? 6 : 2;
        c++;
      } else if (lead < 0xe0) {
        b += 2;
        c++;
      } else if (lead < 0xf0) {
        b += 3;
        c++;
      } else {
        b += 4;
        c += 2;
      }
    }
    return b == to && c == length && next == chars.length;
  }

  /** The first byte from {@code b} on, before {@code limit}, that is a backslash or not ASCII; else {@code limit}. */
  private static int plainEnd(byte[] json, int b, int limit) {
    while (b + Long.BYTES <= limit) {
      long word = (long) WORDS.get(json, b);
      long x = word ^ BACKSLASHES;
      // A byte with its high bit set (not ASCII), or a zero byte of x (a backslash in word).
      if (((word | ((x - ONES) & ~x)) & HIGH_BITS) != 0) {
        break;
      }
      b += Long.BYTES;
    }
    while (b < limit && json[b] >= 0 && json[b] != '\\') {
      b++;
    }
    return b;
  }
}
