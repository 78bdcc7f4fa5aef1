package io.takumo.aegis.detect.heuristic;

/**
 * Unquoted values that are names in code, told by their shape: optional chaining ({@code
 * interceptor?.getToken?.(}), a type name made of words where a declaration goes on ({@code
 * secret: Uint8Array;}, {@code apiKey: String?)}), and, for key and token names, a camel-case
 * name made of words ({@code withCredentials: defaultToConfig2,}, {@code auth: oauth2Client}) or
 * a JavaScript name holding a {@code $} ({@code tokens: Resource$Tokens;}). A random secret is
 * not made of words: its letter runs are short and often lack a vowel.
 */
public final class IdentifierValue {

  /** Most digits a word of a name may end with: {@code oauth2}, {@code Uint8}, {@code Config2}. */
  private static final int MAX_WORD_DIGITS = 4;

  private IdentifierValue() {}

  /**
   * Whether the bare value {@code text[start, end)} is a name in code; {@code passwords} when it
   * is assigned to a password name, whose values may be made of words.
   */
  static boolean isCodeName(CharSequence text, int start, int end, boolean passwords) {
    if (hasOptionalChaining(text, start, end) || isNullableType(text, start, end)) {
      return true;
    }
    int words = words(text, start, end);
    if (words >= 1 && isUpper(text.charAt(start)) && typeGoesOn(text, end, words)) {
      return true;
    }
    if (passwords) {
      return false;
    }
    return (words >= 2 && !isUpper(text.charAt(start))) || isDollarName(text, start, end);
  }

  /**
   * A nullable type (Kotlin, C#, TypeScript's optional), a capitalised name and {@code ?}, where a
   * parameter list or declaration goes on: {@code apiKey: String?)}, {@code token: AccessToken?,},
   * {@code secret: String? = null}.
   */
  private static boolean isNullableType(CharSequence text, int start, int end) {
    if (end - start < 2 || text.charAt(end - 1) != '?' || !isUpper(text.charAt(start))
        || words(text, start, end - 1) == 0) {
      return false;
    }
    int i = end;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    return i < text.length() && ",)=".indexOf(text.charAt(i)) >= 0;
  }

  /** {@code a?.b}, {@code a?.(}, {@code a?.[}. */
  private static boolean hasOptionalChaining(CharSequence text, int start, int end) {
    for (int i = start + 1; i + 1 < end; i++) {
      if (text.charAt(i) == '?' && text.charAt(i + 1) == '.' && isLetterOrDigit(text.charAt(i - 1))) {
        char next = i + 2 < text.length() ? text.charAt(i + 2) : ' ';
        if (isLetter(next) || next == '_' || next == '$' || next == '(' || next == '[') {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * How many words {@code text[start, end)} is made of, each a capital or not, then lower-case
   * letters, at least two letters with a vowel among them, then a few digits; or an acronym of
   * capitals (and a few digits) before such a capitalised word ({@code PKCS7PrivateKey}, {@code
   * HTTPServer}); 0 if it is not made of such words.
   */
  static int words(CharSequence text, int start, int end) {
    int words = 0;
    int i = start;
    while (i < end) {
      int acronymEnd = acronymEnd(text, i, end);
      if (acronymEnd > i) {
        i = acronymEnd;
        words++;
        continue;
      }
      int letters = 0;
      boolean vowel = false;
      if (isUpper(text.charAt(i))) {
        vowel = isVowel(text.charAt(i));
        letters++;
        i++;
      }
      while (i < end && isLower(text.charAt(i))) {
        vowel |= isVowel(text.charAt(i));
        letters++;
        i++;
      }
      int digits = digits(text, i, end);
      i += digits;
      if (letters < 2 || !vowel || digits > MAX_WORD_DIGITS) {
        return 0;
      }
      words++;
    }
    return words;
  }

  /**
   * The end of an acronym at {@code i} (two capitals or more, maybe digits) that a capitalised
   * word follows, or {@code i} if there is none: the acronym gives its last capital to the word
   * when no digit sits between them ({@code HTTPServer}: {@code HTTP}, {@code Server}).
   */
  private static int acronymEnd(CharSequence text, int i, int end) {
    int j = i;
    while (j < end && isUpper(text.charAt(j))) {
      j++;
    }
    int digits = digits(text, j, end);
    int acronymEnd = digits == 0 && j < end && isLower(text.charAt(j)) ? j - 1 : j + digits;
    if (acronymEnd - i < 2 || digits > MAX_WORD_DIGITS
        || acronymEnd + 1 >= end
        || !isUpper(text.charAt(acronymEnd)) || !isLower(text.charAt(acronymEnd + 1))) {
      return i;
    }
    return acronymEnd;
  }

  private static int digits(CharSequence text, int i, int end) {
    int n = 0;
    while (i + n < end && isDigit(text.charAt(i + n)) && n <= MAX_WORD_DIGITS) {
      n++;
    }
    return n;
  }

  /**
   * Whether what follows a capitalised name, maybe past blanks, goes on with a declaration: for a
   * name of one word, a union or a default ({@code Buffer | None}, {@code Unused = False}); for a
   * longer one also {@code ;}, {@code ,}, {@code )}, {@code [} or {@code >}.
   */
  private static boolean typeGoesOn(CharSequence text, int end, int words) {
    int i = end;
    while (i < text.length() && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= text.length()) {
      return false;
    }
    char c = text.charAt(i);
    if (c == '|' || (c == '=' && i > end && i + 1 < text.length() && text.charAt(i + 1) == ' ')) {
      return true;
    }
    return words >= 2 && ";,)[>".indexOf(c) >= 0;
  }

  /**
   * An HTTP header's name: capitalised words joined by {@code -} ({@code
   * Access-Control-Allow-Credentials}, {@code X-Api-Key}).
   */
  public static boolean isHeaderName(CharSequence text, int start, int end) {
    int parts = 0;
    int i = start;
    while (i < end) {
      if (!isUpper(text.charAt(i))) {
        return false;
      }
      i++;
      while (i < end && isLetter(text.charAt(i))) {
        i++;
      }
      parts++;
      if (i < end) {
        if (text.charAt(i) != '-' || i + 1 == end) {
          return false;
        }
        i++;
      }
    }
    return parts >= 2;
  }

  /** Letters, digits, {@code _} and a {@code $} inside: {@code Resource$Tokens}, {@code _cfg$x}. */
  private static boolean isDollarName(CharSequence text, int start, int end) {
    boolean dollar = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '$') {
        if (i == start || i == end - 1) {
          return false;
        }
        dollar = true;
      } else if (!isLetterOrDigit(c) && c != '_') {
        return false;
      }
    }
    return dollar && !isDigit(text.charAt(start));
  }

  private static boolean isVowel(char c) {
    return "aeiouyAEIOUY".indexOf(c) >= 0;
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isLetter(char c) {
    return isUpper(c) || isLower(c);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isLetterOrDigit(char c) {
    return isLetter(c) || isDigit(c);
  }
}
