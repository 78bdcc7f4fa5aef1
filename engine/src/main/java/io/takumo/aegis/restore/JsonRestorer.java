package io.takumo.aegis.restore;

import io.takumo.aegis.json.ByteEdits;
import io.takumo.aegis.json.JsonParser;
import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.json.MalformedJsonException;
import io.takumo.aegis.restore.InnerJson.Syntax;
import io.takumo.aegis.vault.Revealer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Restores the tokens in every string (keys included) of a complete JSON document, at any depth.
 * Usually each token's bytes are just replaced (see {@link TokenSplice}); otherwise only strings
 * that change are re-encoded, and every other byte is kept. A string whose text is
 * itself JSON gets secrets inside its own string literals JSON-escaped, so it still parses to the
 * exact secret.
 *
 * <p>A body that is not well-formed JSON is restored as text instead, so no data is lost.
 * Stateless and thread-safe.
 */
public final class JsonRestorer {

  private static final int BOM_LENGTH = 3;

  private final Revealer secrets;

  public JsonRestorer(Revealer secrets) {
    this.secrets = secrets;
  }

  /** Returns the restored body; the very same array if there was nothing to restore. */
  public byte[] restore(byte[] body) {
    if (Bytes.indexOf(body, 0, body.length, Bytes.TOKEN_PREFIX) < 0) {
      return body;
    }
    byte[] spliced = TokenSplice.apply(secrets, body);
    return spliced != null ? spliced : restoreParsed(body);
  }

  /** The full restore: parses the body and restores string by string. */
  byte[] restoreParsed(byte[] body) {
    JsonValue root;
    try {
      root = JsonParser.parse(body, hasBom(body) ? BOM_LENGTH : 0, body.length);
    } catch (MalformedJsonException e) {
      return restoreAsText(secrets, body, 0, body.length);
    }
    ByteEdits edits = new ByteEdits();
    restoreStrings(secrets, root, null, edits);
    return edits.isEmpty() ? body : edits.applyTo(body);
  }

  /**
   * Adds an edit for every string under {@code value} whose text holds a token {@code secrets} reveals,
   * skipping the values in {@code skip} (may be null).
   */
  static void restoreStrings(Revealer secrets, JsonValue value, List<JsonValue> skip, ByteEdits edits) {
    if (value.isString()) {
      if ((skip == null || !skip.contains(value)) && Bytes.indexOf(value.src(), value.start(), value.end(), Bytes.TOKEN_PREFIX) >= 0) {
        String text = value.text();
        String restored = TextRestorer.restoreAll(secrets, text);
        if (!restored.equals(text)) {
          edits.replace(value, JsonStrings.quote(restored));
        }
      }
      return;
    }
    for (JsonValue child : value.children()) {
      restoreStrings(secrets, child, skip, edits);
    }
  }

  /**
   * Restores bytes that should be JSON but are not well-formed, working on bytes so that nothing
   * else changes; JSON-aware if they start like a JSON object or array.
   */
  static byte[] restoreAsText(Revealer secrets, byte[] src, int from, int to) {
    TextRestorer restorer = TextRestorer.forBytes(secrets, Syntax.DETECT, StandardCharsets.UTF_8);
    return Bytes.unview(restorer.push(Bytes.view(src, from, to)) + restorer.finish());
  }

  private static boolean hasBom(byte[] body) {
    return body.length >= BOM_LENGTH
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf;
  }
}
