package io.takumo.aegis.server.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The Redis keys of the shared state, all under {@code takumo:}. They name orgs by id, API keys by
 * the SHA-256 the store keeps, and sessions and nonces by a SHA-256 of their own: never a key, a
 * session's secret or a body.
 */
final class Keys {
  private static final String PREFIX = "takumo:";

  private Keys() {
  }

  static String rateWindow(String orgId, long windowStartMillis) {
    return PREFIX + "rate:" + orgId + ":" + windowStartMillis;
  }

  static String monthRequests(String orgId, String month) {
    return PREFIX + "month:" + orgId + ":" + month + ":requests";
  }

  static String monthCredits(String orgId, String month) {
    return PREFIX + "month:" + orgId + ":" + month + ":credits";
  }

  /** Where a session's fields are kept; {@code sessionRef} is {@link #ref} of its id. */
  static String session(String sessionRef) {
    return SESSION_PREFIX + sessionRef;
  }

  static final String SESSION_PREFIX = PREFIX + "session:";

  /** The sessions of one API key (by its hash), scored by when they end. */
  static String sessionsOfKey(String keyHash) {
    return PREFIX + "key-sessions:" + keyHash;
  }

  static String nonce(String sessionRef, String nonce) {
    return PREFIX + "nonce:" + sessionRef + ":" + ref(nonce);
  }

  /** A value's reference in key names: the first 128 bits of its SHA-256, hex. */
  static String ref(String value) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
