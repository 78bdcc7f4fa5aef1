package io.takumo.aegis.vault;

/**
 * The shape of the tokens that stand in for secrets: {@code TKM_<hint>_<body>}.
 *
 * <ul>
 *   <li>{@code TKM_} is a fixed prefix rarely seen in ordinary text;
 *   <li>{@code hint} is 2–4 characters of {@code [a-z0-9]} naming the kind of secret ({@code oai},
 *       {@code aws}, {@code pwd}, …) so the model can still reason about what it is looking at;
 *   <li>{@code body} is 20 characters of lower-case Crockford base32: 100 bits of a keyed HMAC.
 * </ul>
 *
 * Only {@code [A-Za-z0-9_]} is used, so a token survives JSON and HTML escaping and model
 * tokenizers unchanged.
 */
public final class TokenFormat {

  public static final String PREFIX = "TKM_";
  public static final int MIN_HINT = 2;
  public static final int MAX_HINT = 4;
  public static final int BODY_LENGTH = 20;
  public static final int MAX_LENGTH = PREFIX.length() + MAX_HINT + 1 + BODY_LENGTH;

  /** Crockford's base32 alphabet in lower case (no i, l, o, u). */
  static final String BODY_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

  private TokenFormat() {}

  /**
   * Matches a token starting at {@code at}.
   *
   * @return the token's length if a whole token starts there; {@code 0} if no token starts there;
   *     a negative number if the text from {@code at} to its end is a proper prefix of a token, so
   *     that more text could still complete it
   */
  public static int match(CharSequence text, int at) {
    int end = text.length();
    int i = at;
    for (int p = 0; p < PREFIX.length(); p++, i++) {
      if (i == end) {
        return -1;
      }
      if (text.charAt(i) != PREFIX.charAt(p)) {
        return 0;
      }
    }
    int hint = 0;
    while (true) {
      if (i == end) {
        return -1;
      }
      char c = text.charAt(i);
      if (c == '_' && hint >= MIN_HINT) {
        i++;
        break;
      }
      if (hint == MAX_HINT || !isHintChar(c)) {
        return 0;
      }
      hint++;
      i++;
    }
    for (int b = 0; b < BODY_LENGTH; b++, i++) {
      if (i == end) {
        return -1;
      }
      if (BODY_ALPHABET.indexOf(text.charAt(i)) < 0) {
        return 0;
      }
    }
    return i - at;
  }

  /** Whether {@code hint} is usable as a token's type hint. */
  public static boolean isValidHint(String hint) {
    if (hint.length() < MIN_HINT || hint.length() > MAX_HINT) {
      return false;
    }
    for (int i = 0; i < hint.length(); i++) {
      if (!isHintChar(hint.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHintChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  }
}
