package io.takumo.aegis.server.coordinator;

/**
 * Join keys ({@code jk_} and 43 base62 characters, 256 random bits) and gateway credentials
 * ({@code gwc_…}, the same shape): stored as SHA-256 hashes only, like API keys, and told apart
 * by their first {@value #PREFIX_RANDOM_CHARS} random characters.
 */
final class JoinKeys {
  static final String JOIN_KEY = "jk_";
  static final String CREDENTIAL = "gwc_";
  private static final int RANDOM_CHARS = 43;
  private static final int PREFIX_RANDOM_CHARS = 8;

  private JoinKeys() {
  }

  static boolean isWellFormed(String secret, String kind) {
    if (secret == null || secret.length() != kind.length() + RANDOM_CHARS || !secret.startsWith(kind)) {
      return false;
    }
    return secret.substring(kind.length()).chars()
        .allMatch(c -> c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z');
  }

  static String prefix(String joinKey) {
    return joinKey.substring(0, JOIN_KEY.length() + PREFIX_RANDOM_CHARS);
  }
}
