package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.restore.InnerJson.Syntax;
import io.takumo.aegis.vault.Revealer;
import io.takumo.aegis.vault.TokenFormat;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Replaces the tokens in one text with the secrets they stand for, the text arriving in pieces
 * (a "delta stream": successive {@code delta.content} values, or reads of a plain-text body).
 *
 * <p>{@link #push} returns at once everything that can no longer be part of a token and holds back
 * only a trailing piece that more text could still complete into one; the next push continues
 * from it. {@link #finish} gives back a dangling partial as it is. Pushing a text in one piece or
 * split anywhere yields the same concatenated result.
 *
 * <p>When the text is JSON, a secret that lands inside one of its string literals is inserted
 * JSON-escaped, so the text still parses to the exact secret.
 *
 * <p>A restorer either works on real text, or on a byte view of an encoded body (each char one
 * byte, ISO-8859-1), which lets it work on bodies of any ASCII-compatible charset, even with
 * invalid or split multi-byte sequences, since tokens are pure ASCII; secrets are then written in
 * the body's charset.
 */
final class TextRestorer {

  private final Revealer secrets;
  private final InnerJson json;
  private final Charset bodyCharset;
  private String held = "";

  private TextRestorer(Revealer secrets, Syntax syntax, Charset bodyCharset) {
    this.secrets = secrets;
    this.json = new InnerJson(syntax);
    this.bodyCharset = bodyCharset;
  }

  /** A restorer for text. */
  static TextRestorer forText(Revealer secrets, Syntax syntax) {
    return new TextRestorer(secrets, syntax, null);
  }

  /** A restorer for the ISO-8859-1 view of bytes encoded in {@code bodyCharset}. */
  static TextRestorer forBytes(Revealer secrets, Syntax syntax, Charset bodyCharset) {
    return new TextRestorer(secrets, syntax, bodyCharset);
  }

  /**
   * Restores a complete text, JSON-aware if it starts with an object or an array. Returns the
   * same instance if there was nothing to restore.
   */
  static String restoreAll(Revealer secrets, String text) {
    if (!text.contains(TokenFormat.PREFIX)) {
      return text;
    }
    TextRestorer restorer = forText(secrets, Syntax.DETECT);
    String restored = restorer.push(text) + restorer.finish();
    return restored.equals(text) ? text : restored;
  }

  /** Whether a partial token is being held back. */
  boolean holding() {
    return !held.isEmpty();
  }

  /** Takes the next piece; returns the restored text that is ready, possibly empty. */
  String push(String piece) {
    String text = held.isEmpty() ? piece : held + piece;
    held = "";
    StringBuilder out = null;
    int copied = 0;
    int end = text.length();
    int i = 0;
    while (i < end) {
      char c = text.charAt(i);
      if (c != 'T' && json.isPlainText()) {
        // Nothing to follow between token candidates in plain text: skip to the next one.
        int next = text.indexOf('T', i);
        i = next < 0 ? end : next;
        continue;
      }
      if (c == 'T' && !json.afterBackslash()) {
        int length = TokenFormat.match(text, i);
        if (length < 0) {
          held = text.substring(i);
          end = i;
          break;
        }
        if (length > 0) {
          String secret = secrets.reveal(text.subSequence(i, i + length));
          if (secret != null) {
            if (out == null) {
              out = new StringBuilder(text.length() + secret.length());
            }
            out.append(text, copied, i).append(render(secret));
            copied = i + length;
          }
          for (int t = i; t < i + length; t++) {
            json.advance(text.charAt(t));
          }
          i += length;
          continue;
        }
      }
      json.advance(c);
      i++;
    }
    if (out == null) {
      return end == text.length() ? text : text.substring(0, end);
    }
    return out.append(text, copied, end).toString();
  }

  /** Ends the text; returns a held-back partial token as it is. */
  String finish() {
    String rest = held;
    held = "";
    return rest;
  }

  private String render(String secret) {
    String value = json.inString() ? JsonStrings.escape(secret) : secret;
    if (bodyCharset == null) {
      return value;
    }
    return new String(value.getBytes(bodyCharset), StandardCharsets.ISO_8859_1);
  }
}
