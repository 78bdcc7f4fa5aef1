package io.takumo.aegis.detect.heuristic;

import java.util.zip.CRC32;

/**
 * Verifies the checksum that GitHub tokens ({@code ghp_…}) and npm tokens ({@code npm_…}) end in:
 * after the prefix come random base62 chars (30 of them), then the CRC32 of those chars in base62,
 * left-padded with {@code 0} to 6 chars. A string of the right shape whose checksum does not
 * verify is not such a token.
 */
public final class Base62Crc32Checksum implements SpanCheck {

  static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final int CHECKSUM = 6;

  private final int prefixLength;

  /** @param prefixLength the length of the prefix before the random chars, e.g. 4 for {@code ghp_} */
  public Base62Crc32Checksum(int prefixLength) {
    this.prefixLength = prefixLength;
  }

  @Override
  public boolean accepts(CharSequence text, int start, int end) {
    int randomEnd = end - CHECKSUM;
    if (randomEnd <= start + prefixLength) {
      return false;
    }
    String expected = checksum(text, start + prefixLength, randomEnd);
    for (int i = 0; i < CHECKSUM; i++) {
      if (text.charAt(randomEnd + i) != expected.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The 6-char base62 CRC32 of {@code text[start, end)}, which must be ASCII. */
  static String checksum(CharSequence text, int start, int end) {
    byte[] bytes = new byte[end - start];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) text.charAt(start + i);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes);
    long value = crc.getValue();
    char[] digits = new char[CHECKSUM];
    for (int i = CHECKSUM - 1; i >= 0; i--) {
      digits[i] = BASE62.charAt((int) (value % 62));
      value /= 62;
    }
    return new String(digits);
  }
}
