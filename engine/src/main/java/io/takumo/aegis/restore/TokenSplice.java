package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.vault.Revealer;
import io.takumo.aegis.vault.TokenFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The quick way to restore a whole body: each token's bytes are replaced by its secret's UTF-8
 * bytes, nothing parsed or decoded. Tokens are pure ASCII and never escaped, so this is exactly
 * what the JSON-aware restore produces whenever no secret needs escaping (most keys and
 * passwords: no quote, backslash or control character) — at any string nesting depth, since
 * escaping leaves such a secret unchanged at every level.
 *
 * <p>It declines (returns {@code null}) in every other case, for the full restore to decide: a
 * secret that needs escaping, a token right after a backslash, or what looks like a token with
 * an escape inside it.
 */
final class TokenSplice {

  private TokenSplice() {}

  /**
   * Returns the body with every token {@code secrets} reveals replaced, the same array if none was, or
   * {@code null} if the full restore must decide.
   */
  static byte[] apply(Revealer secrets, byte[] body) {
    ByteArrayOutputStream out = null;
    int copied = 0;
    int at = Bytes.indexOf(body, 0, body.length, Bytes.TOKEN_PREFIX);
    while (at >= 0) {
      if (at > 0 && body[at - 1] == '\\') {
        return null;
      }
      String window = Bytes.view(body, at, Math.min(body.length, at + TokenFormat.MAX_LENGTH));
      int length = TokenFormat.match(window, 0);
      if (length <= 0) {
        if (window.indexOf('\\') >= 0) {
          return null;
        }
        at = Bytes.indexOf(body, at + 1, body.length, Bytes.TOKEN_PREFIX);
        continue;
      }
      String secret = secrets.reveal(window.substring(0, length));
      if (secret != null) {
        if (JsonStrings.escape(secret) != secret) {
          return null;
        }
        if (out == null) {
          out = new ByteArrayOutputStream(body.length + 64);
        }
        out.write(body, copied, at - copied);
        byte[] value = secret.getBytes(StandardCharsets.UTF_8);
        out.write(value, 0, value.length);
        copied = at + length;
      }
      at = Bytes.indexOf(body, at + length, body.length, Bytes.TOKEN_PREFIX);
    }
    if (out == null) {
      return body;
    }
    out.write(body, copied, body.length - copied);
    return out.toByteArray();
  }
}
