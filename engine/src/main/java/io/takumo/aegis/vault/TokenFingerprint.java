package io.takumo.aegis.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A short name for a token in logs, metrics and the audit log: the first 12 hex digits of the
 * SHA-256 of the token (never of the value). The same secret gets the same token for the life of
 * the vault, so its fingerprint shows the same secret going out again, and reveals nothing of it.
 */
public final class TokenFingerprint {

  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int BYTES = 6;

  private TokenFingerprint() {}

  public static String of(String token) {
    byte[] digest;
    try {
      digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
    char[] out = new char[BYTES * 2];
    for (int i = 0; i < BYTES; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new String(out);
  }
}
