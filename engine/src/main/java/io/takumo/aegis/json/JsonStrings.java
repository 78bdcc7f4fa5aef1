package io.takumo.aegis.json;

import java.nio.charset.StandardCharsets;

/** Decoding and encoding of JSON string literals. */
public final class JsonStrings {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonStrings() {}

  /**
   * Decodes the content of a string literal, between its quotes, that {@link JsonParser} has
   * already checked (valid escapes, valid UTF-8).
   */
  static String decode(byte[] src, int from, int to, boolean escaped) {
    if (!escaped) {
      return new String(src, from, to - from, StandardCharsets.UTF_8);
    }
    StringBuilder out = new StringBuilder(to - from);
    int run = from;
    int i = from;
    while (i < to) {
      if (src[i] != '\\') {
        i++;
        continue;
      }
      // A backslash is ASCII, so the run before it holds only whole UTF-8 sequences.
      out.append(new String(src, run, i - run, StandardCharsets.UTF_8));
      char e = (char) src[i + 1];
      if (e == 'u') {
        String hex = new String(src, i + 2, 4, StandardCharsets.US_ASCII);
        out.append((char) Integer.parseInt(hex, 16));
        i += 6;
      } else {
        out.append(unescape(e));
        i += 2;
      }
      run = i;
    }
    out.append(new String(src, run, to - run, StandardCharsets.UTF_8));
    return out.toString();
  }

  private static char unescape(char e) {
    switch (e) {
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      default:
        return e; // '"', '\\' and '/'
    }
  }

  /**
   * Escapes {@code s} for the inside of a JSON string literal: quote, backslash and control chars,
   * and lone surrogates (which UTF-8 cannot carry). Other chars, non-ASCII included, stay as they
   * are.
   */
  public static String escape(String s) {
    int n = s.length();
    int i = nextToEscape(s, 0);
    if (i == n) {
      return s;
    }
    StringBuilder out = new StringBuilder(n + 16);
    int run = 0;
    while (i < n) {
      out.append(s, run, i).append(escapeOf(s, i, s.charAt(i)));
      run = i + 1;
      i = nextToEscape(s, run);
    }
    return out.append(s, run, n).toString();
  }

  /** The index of the next char from {@code from} that needs escaping, or the length. */
  private static int nextToEscape(String s, int from) {
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || (Character.isSurrogate(c) && isLoneSurrogate(s, i, c))) {
        return i;
      }
    }
    return s.length();
  }

  /** A whole string literal, quotes included, in UTF-8. */
  public static byte[] quote(String s) {
    byte[] inner = escape(s).getBytes(StandardCharsets.UTF_8);
    byte[] quoted = new byte[inner.length + 2];
    quoted[0] = '"';
    System.arraycopy(inner, 0, quoted, 1, inner.length);
    quoted[quoted.length - 1] = '"';
    return quoted;
  }

  /**
   * As {@link #quote}, for a string that must reach its reader whole, such as a request's: a lone
   * surrogate (half a character, as when a token took the place of the other half) is refused
   * rather than escaped.
   *
   * @throws IllegalArgumentException if {@code s} holds a lone surrogate; the message quotes
   *     nothing of {@code s}
   */
  public static byte[] quoteWhole(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c) && isLoneSurrogate(s, i, c)) {
        throw new IllegalArgumentException("half a surrogate pair at char " + i);
      }
    }
    return quote(s);
  }

  private static String escapeOf(String s, int i, char c) {
    switch (c) {
      case '"':
        return "\\\"";
      case '\\':
        return "\\\\";
      case '\n':
        return "\\n";
      case '\r':
        return "\\r";
      case '\t':
        return "\\t";
      case '\b':
        return "\\b";
      case '\f':
        return "\\f";
      default:
        break;
    }
    if (c < 0x20 || isLoneSurrogate(s, i, c)) {
      return "\\u" + HEX[c >> 12] + HEX[(c >> 8) & 15] + HEX[(c >> 4) & 15] + HEX[c & 15];
    }
    return null;
  }

  private static boolean isLoneSurrogate(String s, int i, char c) {
    if (Character.isHighSurrogate(c)) {
      return i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
    }
    return false;
  }
}
