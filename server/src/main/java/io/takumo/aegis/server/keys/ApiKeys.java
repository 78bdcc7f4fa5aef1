package io.takumo.aegis.server.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Org API keys: {@code tk_live_} followed by 43 base62 characters (256 random bits).
 *
 * <p>Only the SHA-256 of a key is stored, and requests find their key by that hash. An unsalted
 * fast hash is the right tool for a key of 256 random bits (no dictionary or brute force reaches
 * it, unlike a password), it costs a microsecond per request, and the same hash can later be
 * pushed to other gateways. The first {@value #PREFIX_RANDOM_CHARS} random characters are kept
 * as the key's display and revocation prefix.
 */
public final class ApiKeys {
  public static final String KEY_PREFIX = "tk_live_";
  static final int RANDOM_CHARS = 43;
  static final int PREFIX_RANDOM_CHARS = 8;
  private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  private final SecureRandom random;

  public ApiKeys(SecureRandom random) {
    this.random = random;
  }

  /** A new key. The caller shows it once and stores only {@link #hash} and {@link #prefix}. */
  public String newKey() {
    return newSecret(KEY_PREFIX);
  }

  /** Another kind of secret with the same 256 random bits, e.g. a join key ({@code jk_…}). */
  public String newSecret(String kind) {
    return kind + randomBase62(RANDOM_CHARS);
  }

  /** A new identifier with the given kind prefix, e.g. {@code key_}: not secret, 80 random bits. */
  public String newId(String kind) {
    return kind + randomBase62(14);
  }

  /** Whether the text has the shape of a key; anything else is refused before a store look-up. */
  public static boolean isWellFormed(String key) {
    if (key == null || key.length() != KEY_PREFIX.length() + RANDOM_CHARS || !key.startsWith(KEY_PREFIX)) {
      return false;
    }
    for (int i = KEY_PREFIX.length(); i < key.length(); i++) {
      char c = key.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) {
        return false;
      }
    }
    return true;
  }

  /** Lower-case hex SHA-256 of the key. */
  public static String hash(String key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** The displayable prefix of a key: {@code tk_live_} and its first random characters. */
  public static String prefix(String key) {
    return key.substring(0, KEY_PREFIX.length() + PREFIX_RANDOM_CHARS);
  }

  private String randomBase62(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = BASE62[random.nextInt(BASE62.length)];
    }
    return new String(chars);
  }
}
