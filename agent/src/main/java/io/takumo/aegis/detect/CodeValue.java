package io.takumo.aegis.detect;

/**
 * Assignments in source code whose value is code, not a secret, though the name sounds like one:
 * {@code this.tokens = tokens;}, {@code for (String token : tokens)}, {@code auth = authPath;},
 * {@code typeToken == X}, {@code subTokens::contains}, {@code passphrase = "passphrase"}, {@code //
 * First pass: handle the rest}.
 */
final class CodeValue {

  private CodeValue() {}

  /**
   * Whether the value {@code text[valueStart, valueEnd)}, assigned to the name that ends at {@code
   * nameEnd} and holds the keyword {@code text[keywordStart, keywordEnd)}, is code or prose.
   */
  static boolean isCode(
      CharSequence text,
      int keywordStart,
      int keywordEnd,
      int nameEnd,
      int valueStart,
      int valueEnd,
      boolean bare,
      boolean passwords) {
    char first = text.charAt(valueStart);
    if (first == '=' || first == ':') {
      return true; // "token == x", "Tokens::contains", "a :== b"
    }
    if (isGenericType(text, valueStart, valueEnd)) {
      return true; // "type Pass = IsEmptyObject<{}>", "Token = Optional<String>"
    }
    if (!isNameChain(text, valueStart, valueEnd)) {
      return false;
    }
    if (containsIgnoringCase(text, valueStart, valueEnd, text, keywordStart, keywordEnd)
        && (isSingleCaseWord(text, valueStart, valueEnd)
            || isQualified(text, valueStart, valueEnd))) {
      // the name again: "tokens", "p11Key.token", "\"passphrase\"", NMTOKEN = "NMTOKEN",
      // API_KEY = "api_key"
      return true;
    }
    if (!passwords && containsCapitalized(text, valueStart, valueEnd, keywordStart, keywordEnd)) {
      // a type or variable: "token: JSToken | JSXToken", "secret = appSecret" (a password may
      // well be "MyPassword2024", a key or token almost never holds the word)
      return true;
    }
    return bare && (endsStatement(text, nameEnd, valueEnd) || isProse(text, valueStart, valueEnd));
  }

  /**
   * {@code x = name;}, {@code (T x : items)}, {@code x = a ? b : c}: an operator between spaces,
   * then a name followed by the end of a statement, argument list or condition.
   */
  private static boolean endsStatement(CharSequence text, int nameEnd, int valueEnd) {
    if (nameEnd >= text.length() || (text.charAt(nameEnd) != ' ' && text.charAt(nameEnd) != '\t')) {
      return false;
    }
    int i = valueEnd;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    if (i >= text.length()) {
      return false;
    }
    char c = text.charAt(i);
    return c == ';' || c == ')' || c == '?' || c == ',';
  }

  /** A lower-case word followed by more words on its line: a comment, not a value. */
  private static boolean isProse(CharSequence text, int valueStart, int valueEnd) {
    return isLowerCaseWord(text, valueStart, valueEnd)
        && valueEnd + 1 < text.length()
        && text.charAt(valueEnd) == ' '
        && Character.isLetter(text.charAt(valueEnd + 1));
  }

  /**
   * Whether the value holds the keyword as a capitalised part of a camel-case name: {@code JSToken},
   * {@code appSecret}.
   */
  private static boolean containsCapitalized(
      CharSequence text, int start, int end, int keywordStart, int keywordEnd) {
    int length = keywordEnd - keywordStart;
    for (int i = start + 1; i + length <= end; i++) {
      char c = text.charAt(i);
      if (c >= 'A' && c <= 'Z'
          && toLower(c) == toLower(text.charAt(keywordStart))
          && isLetterOrDigit(text.charAt(i - 1))
          && containsIgnoringCase(text, i, i + length, text, keywordStart, keywordEnd)) {
        return true;
      }
    }
    return false;
  }

  /** A capitalised name followed by {@code <} and a type: {@code List<String>}, {@code X<{}>}. */
  private static boolean isGenericType(CharSequence text, int start, int end) {
    char first = text.charAt(start);
    if (first < 'A' || first > 'Z') {
      return false;
    }
    int i = start + 1;
    while (i < end && AssignmentName.isWordChar(text.charAt(i))) {
      i++;
    }
    // The value may have been taken on past the '<' ("IsEmptyObject<"), or have stopped there.
    if (i + 1 >= text.length() || text.charAt(i) != '<' || i > end) {
      return false;
    }
    char next = text.charAt(i + 1);
    return isLetter(next) || next == '{' || next == '[' || next == '(' || next == '>';
  }

  private static boolean isLetterOrDigit(char c) {
    return isLetter(c) || (c >= '0' && c <= '9');
  }

  /**
   * Names joined by {@code .}, {@code ?.} or {@code ::}, each a letter, {@code _} or {@code $} and
   * then word chars: {@code tokens}, {@code x509Possession.popPrivateKey}, {@code $config}, {@code
   * result.groups?.password}.
   */
  static boolean isNameChain(CharSequence text, int start, int end) {
    boolean atStart = true;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (atStart) {
        if (!(isLetter(c) || c == '_' || c == '$')) {
          return false;
        }
        atStart = false;
      } else if (c == '.' || (c == '?' && i + 1 < end && text.charAt(i + 1) == '.')) {
        i += c == '?' ? 1 : 0; // a?.b: optional chaining
        atStart = true;
      } else if (c == ':' && i + 1 < end && text.charAt(i + 1) == ':') {
        i++;
        atStart = true;
      } else if (!(AssignmentName.isWordChar(c) || c == '$')) {
        return false;
      }
    }
    return !atStart;
  }

  private static boolean isLowerCaseWord(CharSequence text, int start, int end) {
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c < 'a' || c > 'z') {
        return false;
      }
    }
    return true;
  }

  /**
   * Letters and {@code _} in one case: {@code access_token}, {@code NMTOKEN}; not {@code
   * password123}, a password.
   */
  private static boolean isSingleCaseWord(CharSequence text, int start, int end) {
    boolean lower = false;
    boolean upper = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      lower |= c >= 'a' && c <= 'z';
      upper |= c >= 'A' && c <= 'Z';
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) || (lower && upper)) {
        return false;
      }
    }
    return true;
  }

  /** A member or scope chain: {@code a.b}, {@code A::b}. */
  private static boolean isQualified(CharSequence text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (text.charAt(i) == '.' || text.charAt(i) == ':') {
        return true;
      }
    }
    return false;
  }

  private static boolean containsIgnoringCase(
      CharSequence text, int start, int end, CharSequence part, int partStart, int partEnd) {
    int length = partEnd - partStart;
    for (int i = start; i + length <= end; i++) {
      int k = 0;
      while (k < length
          && toLower(text.charAt(i + k)) == toLower(part.charAt(partStart + k))) {
        k++;
      }
      if (k == length) {
        return true;
      }
    }
    return false;
  }

  private static char toLower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
