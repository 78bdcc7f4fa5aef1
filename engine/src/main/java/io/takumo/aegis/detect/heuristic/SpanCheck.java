package io.takumo.aegis.detect.heuristic;

/** Decides whether a candidate span of a text really is a secret, e.g. by verifying a checksum. */
@FunctionalInterface
public interface SpanCheck {

  /** Accepts every span. */
  SpanCheck ANY = (text, start, end) -> true;

  boolean accepts(CharSequence text, int start, int end);

  /** Accepts only spans both checks accept. */
  default SpanCheck and(SpanCheck other) {
    return (text, start, end) -> accepts(text, start, end) && other.accepts(text, start, end);
  }

  /**
   * Accepts spans that are not part of a longer run of token chars: letters, digits, {@code _} and
   * {@code extraTokenChars}. Keeps a key-shaped part of a longer random string from counting as a
   * key; checked here rather than in the regex so that the regex can start with a literal prefix,
   * which RE2/J skips to quickly.
   */
  static SpanCheck standalone(String extraTokenChars) {
    return (text, start, end) ->
        (start == 0 || !isTokenChar(text.charAt(start - 1), extraTokenChars))
            && (end == text.length() || !isTokenChar(text.charAt(end), extraTokenChars));
  }

  private static boolean isTokenChar(char c, String extraTokenChars) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || extraTokenChars.indexOf(c) >= 0;
  }

  /** Rejects spans that contain {@code part}, e.g. the {@code EXAMPLE} of documented keys. */
  static SpanCheck notContaining(String part) {
    return (text, start, end) -> text.subSequence(start, end).toString().indexOf(part) < 0;
  }
}
