package io.takumo.aegis.server.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script run atomically by Redis, with the SHA-1 that {@code EVALSHA} names it by. */
record Script(String text, String sha) {

  static Script of(String text) {
    try {
      return new Script(text, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8))));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
