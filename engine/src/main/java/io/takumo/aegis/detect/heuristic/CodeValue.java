package io.takumo.aegis.detect.heuristic;

/**
 * Assignments in source code whose value is code, not a secret, though the name sounds like one:
 * {@code this.tokens = tokens;}, {@code for (String token : tokens)}, {@code auth = authPath;},
 * {@code typeToken == X}, {@code subTokens::contains}, {@code passphrase = "passphrase"}, {@code //
 * First pass: handle the rest}.
 */
public final class CodeValue {

  /** How many letters a name word may add to its keyword: {@code passphrase}, {@code tokenizer}. */
  private static final int MAX_LETTERS_AROUND_NAME = 6;

  private CodeValue() {}

  /**
   * Whether the value {@code text[valueStart, valueEnd)}, assigned to the name that ends at {@code
   * nameEnd} and holds the keyword {@code text[keywordStart, keywordEnd)}, is code or prose.
   */
  public static boolean isCode(
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
    if (isRestRole(text, valueStart, valueEnd)) {
      return true; // "Pass :meth:`peek` a default": a reStructuredText role, not a separator
    }
    if (bare && isFlagInProse(text, nameEnd, valueStart, valueEnd)) {
      return true; // "via the --username and --password options."
    }
    int nameStart = nameStart(text, keywordStart);
    if (isDocField(text, nameStart, nameEnd)) {
      return true; // ":param password: Unicode password.", a docstring's field list
    }
    if (isCaseLabel(text, nameStart) || closesQuotedName(text, nameStart, nameEnd, valueStart)) {
      return true; // case "apiKey": …; "Password:"),x?…
    }
    if (isColonPathSegment(text, nameStart, nameEnd, valueStart)) {
      return true; // arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf
    }
    if (isQuotedScopedName(text, nameStart)) {
      return true; // "AWS::IAM::AccessKey": "62d91b17309e76c8", a type name and its schema hash
    }
    if (bare && isFormattedString(text, valueStart, valueEnd)) {
      return true; // token = f"share-{portfolio_id}"
    }
    if (qualifiedPrefixHolds(text, valueStart, valueEnd, keywordStart, keywordEnd)
        || endsWithName(text, nameStart, nameEnd, valueStart, valueEnd)) {
      return true; // Y.password?Y.user+…; ACCESS_CONTROL_ALLOW_CREDENTIALS = "Access-Control-…"
    }
    if (isGenericType(text, valueStart, valueEnd)) {
      return true; // "type Pass = IsEmptyObject<{}>", "Token = Optional<String>"
    }
    if (bare && IdentifierValue.isCodeName(text, valueStart, valueEnd, passwords)) {
      return true; // "secret: Uint8Array;", "auth: oauth2Client", "token: a?.getToken?.("
    }
    if (!isNameChain(text, valueStart, valueEnd)) {
      return false;
    }
    if (containsIgnoringCase(text, valueStart, valueEnd, text, keywordStart, keywordEnd)
        && (isNameWord(text, keywordStart, keywordEnd, valueStart, valueEnd)
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
    return bare
        && (endsStatement(text, nameEnd, valueEnd)
            || isProse(text, valueStart, valueEnd, !passwords));
  }

  /** Back from {@code keywordStart} over the name's letters, digits, {@code _} and {@code -}. */
  private static int nameStart(CharSequence text, int keywordStart) {
    int i = keywordStart;
    while (i > 0 && keywordStart - i < 64) {
      char c = text.charAt(i - 1);
      if (!AssignmentName.isWordChar(c) && c != '-') {
        break;
      }
      i--;
    }
    return i;
  }

  /**
   * Whether the name is one segment of a colon-separated identifier (an ARN, a URN) or the host
   * of a URL's user info ({@code https://user@password:host/}): glued to a {@code :} or {@code @}
   * before it that follows a letter, digit, {@code *} or {@code }} (an ARN pattern, {@code
   * ${aws:PrincipalAccount}}), and to the {@code :} after it.
   */
  private static boolean isColonPathSegment(
      CharSequence text, int nameStart, int nameEnd, int valueStart) {
    if (nameStart < 2 || valueStart != nameEnd + 1 || text.charAt(nameEnd) != ':') {
      return false;
    }
    char glue = text.charAt(nameStart - 1);
    char before = text.charAt(nameStart - 2);
    return (glue == ':' || glue == '@')
        && (Character.isLetterOrDigit(before) || before == '*' || before == '}');
  }

  /** A quoted key that is a scoped type name: {@code "AWS::IAM::AccessKey"}. */
  private static boolean isQuotedScopedName(CharSequence text, int nameStart) {
    int i = nameStart;
    boolean scoped = false;
    while (i >= 2 && text.charAt(i - 1) == ':' && text.charAt(i - 2) == ':') {
      scoped = true;
      i -= 2;
      while (i > 0 && Character.isLetterOrDigit(text.charAt(i - 1))) {
        i--;
      }
    }
    return scoped && i > 0 && (text.charAt(i - 1) == '"' || text.charAt(i - 1) == '\'');
  }

  /** Python's {@code f"…{x}…"} (or {@code rf}, {@code fr}): a string built from other values. */
  private static boolean isFormattedString(CharSequence text, int start, int end) {
    boolean f = false;
    int i = start;
    for (; i < end && i - start < 2 && "fFrR".indexOf(text.charAt(i)) >= 0; i++) {
      f |= text.charAt(i) == 'f' || text.charAt(i) == 'F';
    }
    if (!f || i >= end || (text.charAt(i) != '"' && text.charAt(i) != '\'')) {
      return false;
    }
    for (int k = i + 1; k < end; k++) {
      if (text.charAt(k) == '{') {
        return true;
      }
    }
    return false;
  }

  /** {@code case "apiKey":} or {@code case PASSWORD:}: a switch label, not an assignment. */
  private static boolean isCaseLabel(CharSequence text, int nameStart) {
    int i = nameStart;
    if (i > 0 && (text.charAt(i - 1) == '"' || text.charAt(i - 1) == '\'')) {
      i--;
    }
    while (i > 0 && text.charAt(i - 1) == ' ') {
      i--;
    }
    return i >= 4
        && text.charAt(i - 4) == 'c'
        && text.charAt(i - 3) == 'a'
        && text.charAt(i - 2) == 's'
        && text.charAt(i - 1) == 'e'
        && (i == 4 || !AssignmentName.isWordChar(text.charAt(i - 5)));
  }

  /**
   * Whether the name sits in a string its quote opened ({@code "Password:"}) and the value's
   * opening quote is that string's closing one: {@code label("Password:"),x?y("code")}.
   */
  private static boolean closesQuotedName(
      CharSequence text, int nameStart, int nameEnd, int valueStart) {
    if (nameStart == 0 || valueStart == 0) {
      return false;
    }
    char quote = text.charAt(nameStart - 1);
    if ((quote != '"' && quote != '\'')
        || text.charAt(valueStart - 1) != quote
        || (valueStart >= 2 && text.charAt(valueStart - 2) == '\\')) {
      return false; // "password: \"x\"", a JSON-escaped value inside the string, is one
    }
    for (int i = nameEnd; i < valueStart - 1; i++) {
      if (text.charAt(i) == quote) {
        return false; // "password": "…": the name's own closing quote
      }
    }
    return true;
  }

  /**
   * Whether the value starts with a qualified name ({@code a.b}, each part a name) that holds the
   * keyword or is followed by an operator: {@code Y.password?Y.username+…}, minified code.
   */
  private static boolean qualifiedPrefixHolds(
      CharSequence text, int valueStart, int valueEnd, int keywordStart, int keywordEnd) {
    int i = valueStart;
    boolean qualified = false;
    boolean partStart = true;
    while (i < valueEnd) {
      char c = text.charAt(i);
      if (c == '.' && !partStart) {
        qualified = true;
        partStart = true;
      } else if (partStart && (isLetter(c) || c == '_' || c == '$')) {
        partStart = false;
      } else if (partStart || (!AssignmentName.isWordChar(c) && c != '$')) {
        break;
      }
      i++;
    }
    if (!qualified || partStart) {
      return false;
    }
    return (i < valueEnd && "?+|&".indexOf(text.charAt(i)) >= 0)
        || containsIgnoringCase(text, valueStart, i, text, keywordStart, keywordEnd);
  }

  /**
   * Whether the value, a dotted or dashed name, ends with the whole name it is assigned to or is
   * its last words, ignoring case and separators: {@code ACCESS_CONTROL_ALLOW_CREDENTIALS =
   * "Access-Control-Allow-Credentials"}, {@code USER_TOKEN = "http.user-token"}, {@code
   * HTTPS_KEYSTORE_PASSWORD = "keystore-password"}.
   */
  private static boolean endsWithName(
      CharSequence text, int nameStart, int nameEnd, int valueStart, int valueEnd) {
    boolean separated = false;
    int v = valueEnd - 1;
    int n = nameEnd - 1;
    while (n >= nameStart) {
      char nc = text.charAt(n);
      if (nc == '_' || nc == '-') {
        n--;
        continue;
      }
      while (v >= valueStart && isSeparator(text.charAt(v))) {
        separated = true;
        v--;
      }
      if (v < valueStart) {
        // the value is the name's last words: HTTPS_KEYSTORE_PASSWORD = "keystore-password"
        return separated && (text.charAt(n + 1) == '_' || text.charAt(n + 1) == '-');
      }
      if (toLower(text.charAt(v)) != toLower(nc)) {
        return false;
      }
      v--;
      n--;
    }
    for (int i = valueStart; i <= v && !separated; i++) {
      separated = isSeparator(text.charAt(i));
    }
    return separated;
  }

  private static boolean isSeparator(char c) {
    return c == '-' || c == '_' || c == '.';
  }

  /**
   * {@code x = name;}, {@code (T x : items)}, {@code x = a ? b : c}, {@code x = y = z}, {@code x =
   * y + ":"}: an operator between spaces, then a name followed by the end of a statement, argument
   * list or condition, or by another assignment or a {@code +}.
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
    // "a = b = c", "a = b + c": a chained assignment, an expression
    boolean operator = (c == '=' || c == '+') && i > valueEnd && i + 1 < text.length()
        && text.charAt(i + 1) == ' ';
    return c == ';' || c == ')' || c == '?' || c == ',' || operator;
  }

  /**
   * A value that opens with a reStructuredText role's name and its backquote, {@code meth:`} of
   * {@code :meth:`peek`} or {@code py:func:`} of {@code :py:func:`…`}: the {@code :} before it
   * opened the role. A role name is lower-case letters, maybe with a domain before a {@code :}.
   */
  private static boolean isRestRole(CharSequence text, int valueStart, int valueEnd) {
    if (valueStart == 0 || text.charAt(valueStart - 1) != ':') {
      return false;
    }
    int i = valueStart;
    int wordStart = i;
    while (i < valueEnd) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        i++;
      } else if (c == ':' && i > wordStart) {
        if (i + 1 < text.length() && text.charAt(i + 1) == '`') {
          return true;
        }
        wordStart = ++i;
      } else {
        return false;
      }
    }
    return false;
  }

  /** The fields of reStructuredText (Sphinx) docstrings that describe a parameter. */
  private static final String[] DOC_FIELDS = {
    "param", "parameter", "arg", "argument", "key", "keyword", "type", "var", "ivar", "cvar"
  };

  /**
   * A name in a docstring's field, {@code :param password:} or {@code :param str password:} at the
   * start of a line: what follows describes the parameter.
   */
  private static boolean isDocField(CharSequence text, int nameStart, int nameEnd) {
    if (nameEnd >= text.length() || text.charAt(nameEnd) != ':') {
      return false;
    }
    int i = nameStart;
    for (int word = 0; word < 2; word++) {
      int spaceEnd = i;
      while (i > 0 && text.charAt(i - 1) == ' ') {
        i--;
      }
      if (i == spaceEnd) {
        return false;
      }
      int wordEnd = i;
      while (i > 0 && isDocFieldChar(text.charAt(i - 1)) && wordEnd - i < 32) {
        i--;
      }
      if (i > 0 && text.charAt(i - 1) == ':' && isDocFieldName(text, i, wordEnd)) {
        i--;
        while (i > 0 && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
          i--;
        }
        return i == 0 || text.charAt(i - 1) == '\n';
      }
    }
    return false;
  }

  private static boolean isDocFieldName(CharSequence text, int start, int end) {
    for (String field : DOC_FIELDS) {
      if (end - start == field.length()
          && containsIgnoringCase(text, start, end, field, 0, field.length())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isDocFieldChar(char c) {
    return AssignmentName.isWordChar(c) || c == '.' || c == '[' || c == ']';
  }

  /**
   * A {@code --flag} named in a sentence: the name follows {@code -}, blanks (no separator) lead to
   * the value, and the value is a lower-case word that ends the sentence or clause ({@code
   * options.}, {@code flag)}) or is what prose calls a flag ({@code option}, at a line's end). A
   * password given on a command line is seldom a plain word followed by punctuation, nor {@code
   * option}; {@code --password hunter2} and {@code --password 'x'} are still values.
   */
  private static boolean isFlagInProse(
      CharSequence text, int nameEnd, int valueStart, int valueEnd) {
    if (valueStart <= nameEnd || text.charAt(nameStart(text, nameEnd)) != '-') {
      return false;
    }
    for (int i = nameEnd; i < valueStart; i++) {
      if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
        return false;
      }
    }
    int wordEnd = valueEnd;
    while (wordEnd > valueStart && ".:!?)".indexOf(text.charAt(wordEnd - 1)) >= 0) {
      wordEnd--;
    }
    boolean punctuated = wordEnd < valueEnd
        || (valueEnd < text.length() && ",;".indexOf(text.charAt(valueEnd)) >= 0);
    return wordEnd > valueStart
        && isLowerCaseWord(text, valueStart, wordEnd)
        && (punctuated || isOptionNoun(text, valueStart, wordEnd));
  }

  /** What prose calls a {@code --flag}: {@code the --password option} at the end of a line. */
  private static final String[] OPTION_NOUNS = {
    "option", "options", "flag", "flags", "argument", "arguments", "parameter", "parameters",
    "switch"
  };

  private static boolean isOptionNoun(CharSequence text, int start, int end) {
    for (String noun : OPTION_NOUNS) {
      if (end - start == noun.length()
          && containsIgnoringCase(text, start, end, noun, 0, noun.length())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A lower-case word followed by more words on its line: a comment, not a value. With {@code
   * capitalised}, also a capitalised one: a message ({@code noSecretKey=Unable to sign}).
   */
  private static boolean isProse(
      CharSequence text, int valueStart, int valueEnd, boolean capitalised) {
    int from = capitalised && isUpper(text.charAt(valueStart)) ? valueStart + 1 : valueStart;
    return from < valueEnd
        && isLowerCaseWord(text, from, valueEnd)
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
   * Whether a single-case value that holds the keyword is a name rather than a made-up secret: an
   * identifier with {@code _}, or the keyword with a few letters around it ({@code tokens},
   * {@code Passphrase}); not {@code mysupersecretkey}.
   */
  private static boolean isNameWord(
      CharSequence text, int keywordStart, int keywordEnd, int valueStart, int valueEnd) {
    if (!isSingleCaseWord(text, valueStart, valueEnd)) {
      return false;
    }
    if (valueEnd - valueStart <= keywordEnd - keywordStart + MAX_LETTERS_AROUND_NAME) {
      return true;
    }
    for (int i = valueStart; i < valueEnd; i++) {
      if (text.charAt(i) == '_') {
        return true;
      }
    }
    return false;
  }

  /**
   * Letters and {@code _} in one case, maybe capitalised: {@code access_token}, {@code NMTOKEN},
   * {@code Passphrase}; not {@code password123}, a password.
   */
  private static boolean isSingleCaseWord(CharSequence text, int start, int end) {
    boolean lower = false;
    boolean upper = false;
    int from = end - start > 1 && isUpper(text.charAt(start)) && !isUpper(text.charAt(start + 1))
        ? start + 1
        : start;
    for (int i = from; i < end; i++) {
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

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
}
