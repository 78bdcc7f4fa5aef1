package io.takumo.aegis.detect.heuristic;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Tells values that may be secrets from the placeholders, references to other places and ordinary
 * settings that sit in the same spots, e.g. after {@code password=}.
 */
public final class PlausibleValue {

  public static final int MIN_LENGTH = 6;
  public static final int MAX_LENGTH = 1024;

  /** Below this many bits per char a value repeats too much to be a secret ({@code aaaa1111}). */
  static final double MIN_ENTROPY = 2.0;

  /** For a value assigned to a secret-sounding name. */
  public static final SpanCheck ASSIGNED =
      (text, start, end) -> !isCalledOrIndexed(text, end) && isPlausibleSecret(text, start, end);

  /** For the password in a URL's user info, where the syntax alone already says what it is. */
  public static final SpanCheck URL_PASSWORD =
      (text, start, end) -> !isPlaceholder(text.subSequence(start, end).toString());

  /**
   * Secret names' values that are single short words are settings or names: {@code auth:
   * kerberos}, {@code <res-auth>Container</res-auth>}, {@code pathToken = "discriminator"}.
   */
  static final int MAX_PLAIN_WORD = 14;

  /** Most digits an upper-case word such as {@code CRAM-MD5} holds. */
  private static final int MAX_WORD_DIGITS = 3;

  /** Parts that mark a value as an example or an elided one, matched as written. */
  private static final String[] PLACEHOLDER_MARKS = {
    "...", "\u2026", "\\u2026", "***", "\u2022\u2022\u2022", "###"
  };

  /** The same, matched ignoring case (lower case here). */
  private static final String[] PLACEHOLDER_WORDS = {
    "xxxx", "your", "changeme", "change_me", "change-me", "placeholder", "redact", "example",
    "dummy", "replace"
  };

  /**
   * {@link #PLACEHOLDER_WORDS} by their first letter, so that one pass over a value finds them
   * all; a letter that starts none has null.
   */
  private static final String[][] PLACEHOLDER_WORDS_BY_FIRST = byFirstLetter(PLACEHOLDER_WORDS);

  /** Prefixes of public keys, certificates and publishable keys, as written. */
  private static final String[] PUBLIC_PREFIXES = {
    "ssh-rsa", "ssh-dss", "ssh-ed25519", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-",
    "-----BEGIN PUBLIC KEY", "-----BEGIN CERTIFICATE", "-----BEGIN RSA PUBLIC KEY", "pk_live_",
    "pk_test_", "pk.eyJ"
  };

  /** Digest names before the {@code :} or {@code -} of a content digest or integrity hash. */
  private static final String[] DIGESTS = {"sha1", "sha224", "sha256", "sha384", "sha512", "md5"};

  /** Words that fill a secret's slot without being one (lower case). */
  private static final Set<String> NON_SECRET_WORDS =
      new HashSet<>(
          Arrays.asList(
              ("password passwd pass secret token changeit undefined required optional string"
                      + " hidden masked default sample value none null nil true false"
                      + " empty unknown invalid incorrect missing bearer basic disabled enabled notset"
                      + " function lambda user:password username:password user:pass username:pass"
                      // typeshed's name for an unannotated type: "password: Incomplete"
                      + " incomplete"
                      // the password of every Google service account .p12 file, published
                      + " notasecret")
                  .split(" ")));

  private PlausibleValue() {}

  static boolean isPlausibleSecret(CharSequence text, int start, int end) {
    int length = end - start;
    if (length < MIN_LENGTH || length > MAX_LENGTH) {
      return false;
    }
    String value = text.subSequence(start, end).toString();
    return !containsWhitespace(value)
        && !isPlaceholder(value)
        && !isReference(value)
        && !isNumberLike(value)
        && !isVersionRange(value)
        && !isFormatFields(value)
        && !isColor(value)
        && !isGrammar(value)
        && !isPublicValue(value)
        && Entropy.bitsPerChar(value, 0, length) >= MIN_ENTROPY;
  }

  /**
   * A lower-case word of at most {@link #MAX_PLAIN_WORD} chars, maybe capitalised, or an
   * upper-case one ({@code session}, {@code Container}, {@code same-origin}, {@code CRAM-MD5}),
   * maybe after a dot ({@code .qualifier}, a
   * suffix): a setting when assigned to a secret, token or key name, though it may be a password.
   */
  public static boolean isPlainWord(CharSequence text, int start, int end) {
    int from = start < end && text.charAt(start) == '.' ? start + 1 : start;
    if (end - from > MAX_PLAIN_WORD || from == end) {
      return false;
    }
    if (isUpperCaseWord(text, from, end)) {
      return true;
    }
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      if (i == from && c >= 'A' && c <= 'Z' && end - from > 1) {
        continue;
      }
      if (!isLower(c) && !(c == '-' && i > from && i < end - 1 && isLower(text.charAt(i - 1)))) {
        return false;
      }
    }
    return true;
  }

  /**
   * An upper-case word, a constant or a protocol keyword: {@code INDENT}, {@code ANONYMOUS},
   * {@code CRAM-MD5}; at most {@link #MAX_WORD_DIGITS} digits.
   */
  private static boolean isUpperCaseWord(CharSequence text, int start, int end) {
    int letters = 0;
    int digits = 0;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (isUpper(c)) {
        letters++;
      } else if (isDigit(c)) {
        digits++;
      } else if (c != '-' || i == start) {
        return false;
      }
    }
    return letters >= 4 && digits <= MAX_WORD_DIGITS && isUpper(text.charAt(start));
  }

  /** A bare name followed by {@code (} or {@code [} is code: {@code config["jwt"]}, {@code load()}. */
  private static boolean isCalledOrIndexed(CharSequence text, int end) {
    return end < text.length() && (text.charAt(end) == '(' || text.charAt(end) == '[');
  }

  /**
   * A value to fill in or one from elsewhere: the whole of it a template ({@code ${VAR}}, {@code
   * #{var}}, {@code $(cmd)}, {@code $VAR}, {@code {{ x }}}, {@code {% x %}}, {@code %VAR%}, {@code %s}, {@code
   * %(x)s}, {@code <your-key>}, {@code [REDACTED]}, {@code {USERNAME}}, {@code @VERSION@}, a YAML
   * tag such as {@code !vault}), or
   * marked as an example or elided ({@code ...}, {@code ***}, {@code xxxx}, {@code your}, {@code
   * changeme}, {@code _here}), or a word such as {@code changeit} or {@code none}.
   */
  static boolean isPlaceholder(String value) {
    return hasPlaceholderShape(value)
        || hasPlaceholderMark(value)
        || NON_SECRET_WORDS.contains(value.toLowerCase(Locale.ROOT));
  }

  static boolean hasPlaceholderShape(String v) {
    int n = v.length();
    if (n < 2) {
      return false;
    }
    char first = v.charAt(0);
    char second = v.charAt(1);
    char last = v.charAt(n - 1);
    if (first == '\\' && second == '$') {
      return hasPlaceholderShape(v.substring(1)); // \$VERSION\$: a $ escaped from filtering
    }
    if ((first == '\'' || first == '"') && last == first && n >= 4) {
      // "'$DB_PASSWORD'": a quoted placeholder kept quoted for the shell inside a JSON string
      return hasPlaceholderShape(v.substring(1, n - 1));
    }
    if (first == '$') {
      return (second == '{' || second == '(' || isNameStart(second)) && noNewline(v, 2);
    }
    if (first == '#' && second == '{') {
      return noNewline(v, 2); // #{var}: Ruby, Spring EL, JSF, Thymeleaf interpolation
    }
    if (first == '{') {
      if (second == '{' || second == '%') {
        return noNewline(v, 2);
      }
      return last == '}' && n >= 3 && isNameStart(second) && allNameChars(v, 2, n - 1, ".-");
    }
    if (first == '%') {
      if (n == 2) {
        return second == 's';
      }
      if (last == '%') {
        return isNameStart(second) && allNameChars(v, 2, n - 1, "");
      }
      return second == '('
          && n >= 5
          && v.endsWith(")s")
          && isNameStart(v.charAt(2))
          && allNameChars(v, 3, n - 2, "");
    }
    if (first == '@') {
      // @VERSION@, @db.password@: a token that Ant, Maven or Gradle filtering, or CMake, replaces
      return last == '@' && n >= 3 && isNameStart(second) && allNameChars(v, 2, n - 1, ".-");
    }
    if (first == '!') {
      // !vault, !secret, !Ref: a YAML tag (Ansible Vault, Home Assistant, CloudFormation), the
      // value from elsewhere
      return allLetters(v, 1, n);
    }
    return ((first == '<' && last == '>') || (first == '[' && last == ']')) && noNewline(v, 1);
  }

  static boolean hasPlaceholderMark(String v) {
    for (String mark : PLACEHOLDER_MARKS) {
      if (v.contains(mark)) {
        return true;
      }
    }
    if (containsPlaceholderWord(v)) {
      return true;
    }
    int n = v.length();
    return n >= 5
        && (v.charAt(n - 5) == '_' || v.charAt(n - 5) == '-')
        && indexOfIgnoringCase(v, "here", n - 4) == n - 4;
  }

  /**
   * Whether one of {@link #PLACEHOLDER_WORDS} occurs in {@code v}, ignoring case. In a value that
   * mixes cases or letters and digits, a four-letter word ({@code your}, {@code xxxx}) counts only
   * where it touches an end of the value or a char other than a letter or digit ({@code
   * YOUR_API_KEY}, {@code sk-xxxxxxxx}): inside a random 64-char secret one of them turns up by
   * chance about once in 8,000 values.
   */
  private static boolean containsPlaceholderWord(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      char lower = isUpper(c) ? (char) (c - 'A' + 'a') : c;
      String[] words = isLower(lower) ? PLACEHOLDER_WORDS_BY_FIRST[lower - 'a'] : null;
      if (words == null) {
        continue;
      }
      for (String word : words) {
        if (regionMatchesIgnoringCase(v, i, word)
            && (word.length() > 4 || !isMixed(v) || touchesEdgeOrMark(v, i, i + word.length()))) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether {@code v} has two of: a lower-case letter, an upper-case letter, a digit. */
  private static boolean isMixed(String v) {
    boolean lower = false;
    boolean upper = false;
    boolean digit = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      lower |= isLower(c);
      upper |= isUpper(c);
      digit |= isDigit(c);
    }
    return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) >= 2;
  }

  private static boolean touchesEdgeOrMark(String v, int start, int end) {
    return start == 0 || end == v.length() || !isAsciiLetterOrDigit(v.charAt(start - 1))
        || !isAsciiLetterOrDigit(v.charAt(end));
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return isAsciiLetter(c) || isDigit(c);
  }

  private static String[][] byFirstLetter(String[] words) {
    String[][] byFirst = new String[26][];
    for (String word : words) {
      String[] same = byFirst[word.charAt(0) - 'a'];
      same = same == null ? new String[1] : Arrays.copyOf(same, same.length + 1);
      same[same.length - 1] = word;
      byFirst[word.charAt(0) - 'a'] = same;
    }
    return byFirst;
  }

  /** Code that fetches the value from somewhere: a variable, member, path or URL. */
  static boolean isReference(String value) {
    return isMemberChain(value)
        || isPathOrUrl(value)
        || isIdentifierName(value)
        || isSnakeCaseName(value);
  }

  /**
   * Member access in code: {@code process.env.API_KEY}, {@code settings.SECRET_KEY}. Letters and
   * {@code _} only, up to 32 per part: dotted tokens ({@code ya29.…}, {@code SG.…}) nearly always
   * have digits.
   */
  static boolean isMemberChain(String v) {
    int dots = 0;
    int partLength = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '.') {
        if (partLength == 0) {
          return false;
        }
        dots++;
        partLength = 0;
      } else if (isNameStart(c) && partLength < 32) {
        partLength++;
      } else {
        return false;
      }
    }
    return partLength > 0 && dots >= 1;
  }

  /**
   * A grammar, not a value: a regex with a character class of ranges ({@code
   * ([a-zA-Z0-9-!#$%&'*+.^_`{|}~]+)}), or an RFC's ABNF repetition ({@code token = 1*tchar}).
   */
  static boolean isGrammar(String v) {
    int open = v.indexOf('[');
    if (open >= 0
        && v.indexOf(']', open) > open
        && (v.contains("a-z") || v.contains("A-Z") || v.contains("0-9"))) {
      return true;
    }
    int i = 0;
    while (i < v.length() && isDigit(v.charAt(i))) {
      i++;
    }
    if (i + 1 >= v.length() || v.charAt(i) != '*') {
      return false;
    }
    char next = v.charAt(i + 1) == '(' && i + 2 < v.length() ? v.charAt(i + 2) : v.charAt(i + 1);
    return isLower(next);
  }

  /** A CSS colour: {@code #d8dee9}, {@code #ABB2BF}, {@code #fff}, {@code #11223344}. */
  static boolean isColor(String v) {
    int n = v.length();
    if ((n != 4 && n != 7 && n != 9) || v.charAt(0) != '#') {
      return false;
    }
    for (int i = 1; i < n; i++) {
      if (!isHexDigit(v.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Only format fields and punctuation: {@code {0}:{1}}, {@code {}/{}}. */
  static boolean isFormatFields(String v) {
    boolean field = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '{') {
        field = true;
      } else if (isAsciiLetter(c)) {
        return false;
      }
    }
    return field;
  }

  /** A dependency's version range: {@code ^9.0.3}, {@code ~1.2}, {@code >=2.0.0-rc.1}. */
  static boolean isVersionRange(String v) {
    int i = 0;
    while (i < v.length() && i < 2 && "^~<>=".indexOf(v.charAt(i)) >= 0) {
      i++;
    }
    if (i == 0 || i >= v.length() || !isDigit(v.charAt(i))) {
      return false;
    }
    for (; i < v.length(); i++) {
      char c = v.charAt(i);
      if (!(isDigit(c) || isAsciiLetter(c) || c == '.' || c == '-' || c == '+' || c == '*')) {
        return false;
      }
    }
    return true;
  }

  /** {@code /x}, {@code ~/x}, {@code ./x}, {@code ../x}, {@code C:\x}, or with {@code ://}. */
  static boolean isPathOrUrl(String v) {
    if (v.startsWith("/") || v.startsWith("~/") || v.startsWith("./") || v.startsWith("../")) {
      return true;
    }
    if (v.length() >= 3 && isAsciiLetter(v.charAt(0)) && v.charAt(1) == ':' && v.charAt(2) == '\\') {
      return true;
    }
    return v.contains("://");
  }

  /**
   * Numbers, versions, dates and sizes: {@code 1024}, {@code 1.5}, {@code 2024-01-31}, {@code 30s}:
   * a digit, then digits and {@code _.,:/-}, then at most two letters; and integer literals in hex
   * ({@code 0xCE536358L}), up to 64 bits (longer hex may be a key).
   */
  static boolean isNumberLike(String v) {
    int n = v.length();
    if (n >= 3 && v.charAt(0) == '0' && (v.charAt(1) == 'x' || v.charAt(1) == 'X')) {
      int j = 2;
      while (j < n && (isHexDigit(v.charAt(j)) || v.charAt(j) == '_')) {
        j++;
      }
      if (j > 2 && j - 2 <= 16 && n - j <= 2 && allOf(v, j, n, "lLuU")) {
        return true;
      }
    }
    int i = 0;
    if (i < n && (v.charAt(i) == '+' || v.charAt(i) == '-')) {
      i++;
    }
    if (i >= n || !isDigit(v.charAt(i))) {
      return false;
    }
    i++;
    while (i < n && (isDigit(v.charAt(i)) || "_.,:/-".indexOf(v.charAt(i)) >= 0)) {
      i++;
    }
    int letters = n - i;
    for (; i < n; i++) {
      if (!isAsciiLetter(v.charAt(i))) {
        return false;
      }
    }
    return letters <= 2;
  }

  /**
   * Values that identify or describe rather than authenticate, though they sit after secret-ish
   * names: ARNs, content digests and lockfile integrity hashes, data URIs (base64 images), public
   * keys and certificates, publishable keys and OAuth client ids.
   */
  static boolean isPublicValue(String v) {
    for (String prefix : PUBLIC_PREFIXES) {
      if (v.startsWith(prefix)) {
        return true;
      }
    }
    if (v.endsWith(".apps.googleusercontent.com")) {
      return true;
    }
    if (v.startsWith("arn:aws")) {
      int i = "arn:aws".length();
      while (i < v.length() && ((v.charAt(i) >= 'a' && v.charAt(i) <= 'z') || v.charAt(i) == '-')) {
        i++;
      }
      if (i < v.length() && v.charAt(i) == ':') {
        return true;
      }
    }
    if (v.startsWith("data:")) {
      int i = "data:".length();
      while (i < v.length() && v.charAt(i) >= 'a' && v.charAt(i) <= 'z') {
        i++;
      }
      if (i > "data:".length() && i < v.length() && v.charAt(i) == '/') {
        return true;
      }
    }
    for (String digest : DIGESTS) {
      int end = digest.length();
      if (v.length() > end
          && regionMatchesIgnoringCase(v, 0, digest)
          && (v.charAt(end) == ':' || v.charAt(end) == '-')) {
        return true;
      }
    }
    return false;
  }

  /**
   * A snake-case name of three or more words, each letters and then maybe digits, or digits: {@code
   * base64_encoded_64_byte_salt}, not {@code live_93kd8s7d6f5g4h3j}.
   */
  private static boolean isSnakeCaseName(String value) {
    int underscores = 0;
    boolean inDigits = false;
    boolean wordStart = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '_') {
        if (wordStart) {
          return false;
        }
        underscores++;
        wordStart = true;
        inDigits = false;
      } else if (isAsciiLetter(c)) {
        if (inDigits) {
          return false; // letters after digits in one word: random, not a name
        }
        wordStart = false;
      } else if (c >= '0' && c <= '9') {
        inDigits = true;
        wordStart = false;
      } else {
        return false;
      }
    }
    return underscores >= 2 && !wordStart;
  }

  /**
   * A variable or constant name: letters and underscores only, with an underscore or a few camel
   * humps ({@code db_password}, {@code API_KEY}, {@code userPassword}). Random letters have many
   * humps, so they do not count as a name.
   */
  private static boolean isIdentifierName(String value) {
    boolean underscore = false;
    int humps = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '_') {
        underscore = true;
      } else if (!isAsciiLetter(c)) {
        return false;
      } else if (i > 0 && isUpper(c) && isLower(value.charAt(i - 1))) {
        humps++;
      }
    }
    return (underscore || humps > 0) && humps <= 4;
  }

  private static boolean containsWhitespace(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (Character.isWhitespace(value.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean noNewline(String v, int from) {
    return v.indexOf('\n', from) < 0;
  }

  private static boolean isNameStart(char c) {
    return isAsciiLetter(c) || c == '_';
  }

  /** Whether {@code v[from, to)} is ASCII letters, digits, {@code _} and {@code extra}. */
  private static boolean allLetters(String v, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
        return false;
      }
    }
    return true;
  }

  private static boolean allNameChars(String v, int from, int to, String extra) {
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (!(isNameStart(c) || isDigit(c) || extra.indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean allOf(String v, int from, int to, String chars) {
    for (int i = from; i < to; i++) {
      if (chars.indexOf(v.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Where {@code lower} (lower-case ASCII) occurs in {@code v} from {@code from} on, ignoring case
   * as a regex's {@code (?i)} does (the long s and the Kelvin sign count as {@code s} and {@code
   * k}); -1 if nowhere.
   */
  private static int indexOfIgnoringCase(String v, String lower, int from) {
    for (int i = from; i + lower.length() <= v.length(); i++) {
      int k = 0;
      while (k < lower.length() && foldsTo(v.charAt(i + k), lower.charAt(k))) {
        k++;
      }
      if (k == lower.length()) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code lower} occurs in {@code v} at {@code at}, ignoring case as above. */
  private static boolean regionMatchesIgnoringCase(String v, int at, String lower) {
    if (at + lower.length() > v.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      if (!foldsTo(v.charAt(at + k), lower.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean foldsTo(char c, char lower) {
    return c == lower
        || (isLower(lower) && c == (char) (lower - 'a' + 'A'))
        || (lower == 's' && c == '\u017F')
        || (lower == 'k' && c == '\u212A');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isAsciiLetter(char c) {
    return isUpper(c) || isLower(c);
  }

  private static boolean isUpper(char c) {
    return c >= 'A' && c <= 'Z';
  }

  private static boolean isLower(char c) {
    return c >= 'a' && c <= 'z';
  }
}
