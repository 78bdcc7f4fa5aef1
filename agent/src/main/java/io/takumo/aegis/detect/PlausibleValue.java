package io.takumo.aegis.detect;

import com.google.re2j.Pattern;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Tells values that may be secrets from the placeholders, references to other places and ordinary
 * settings that sit in the same spots, e.g. after {@code password=}.
 */
final class PlausibleValue {

  static final int MIN_LENGTH = 6;
  static final int MAX_LENGTH = 1024;

  /** Below this many bits per char a value repeats too much to be a secret ({@code aaaa1111}). */
  static final double MIN_ENTROPY = 2.0;

  /** For a value assigned to a secret-sounding name. */
  static final SpanCheck ASSIGNED =
      (text, start, end) -> !isCalledOrIndexed(text, end) && isPlausibleSecret(text, start, end);

  /** For the password in a URL's user info, where the syntax alone already says what it is. */
  static final SpanCheck URL_PASSWORD =
      (text, start, end) -> !isPlaceholder(text.subSequence(start, end).toString());

  /** Whole values that stand for a value to fill in or come from elsewhere. */
  private static final Pattern PLACEHOLDER_SHAPE =
      Pattern.compile(
          "^(?:"
              + "\\$[{(A-Za-z_].*" // ${VAR}, $(cmd), $VAR, $variable
              + "|\\{\\{.*|\\{%.*" // {{ template }}, {% tag %}
              + "|%[A-Za-z_][A-Za-z0-9_]*%|%s|%\\([A-Za-z_][A-Za-z0-9_]*\\)s" // %VAR%, %s, %(x)s
              + "|<.*>|\\[.*\\]" // <your-key>, [REDACTED]
              + "|\\{[A-Za-z_][A-Za-z0-9_.-]*\\}" // {USERNAME}
              + ")$");

  /** Parts that mark a value as an example or an elided one. */
  private static final Pattern PLACEHOLDER_MARK =
      Pattern.compile(
          "\\.\\.\\.|…|\\*\\*\\*|•••|###|(?i:xxxx|your|change[_-]?me|placeholder|redacted|example"
              + "|dummy|replace|[_-]here$)");

  /**
   * Numbers, versions, dates and sizes: {@code 1024}, {@code 1.5}, {@code 2024-01-31}, {@code 30s};
   * and integer literals in hex ({@code 0xCE536358L}), up to 64 bits (longer hex may be a key).
   */
  private static final Pattern NUMBER_LIKE =
      Pattern.compile(
          "^(?:[+-]?[0-9][0-9_.,:/-]*[A-Za-z]{0,2}|0[xX][0-9A-Fa-f_]{1,16}[lLuU]{0,2})$");

  /** Secret names' values that are single short words are settings: {@code auth: kerberos}. */
  static final int MAX_PLAIN_WORD = 12;

  /**
   * Member access in code: {@code process.env.API_KEY}, {@code settings.SECRET_KEY}. Without
   * digits, which dotted tokens ({@code ya29.…}, {@code SG.…}) nearly always have.
   */
  private static final Pattern MEMBER_CHAIN =
      Pattern.compile("^[A-Za-z_]{1,32}(?:\\.[A-Za-z_]{1,32})+$");

  /**
   * Values that identify or describe rather than authenticate, though they sit after secret-ish
   * names: ARNs, content digests and lockfile integrity hashes, data URIs (base64 images), public
   * keys and certificates, publishable keys and OAuth client ids.
   */
  private static final Pattern PUBLIC_VALUE =
      Pattern.compile(
          "^(?:arn:aws[a-z-]*:|(?i:sha1|sha224|sha256|sha384|sha512|md5)[:-]|data:[a-z]+/"
              + "|ssh-(?:rsa|dss|ed25519)|ecdsa-sha2-|sk-(?:ssh|ecdsa)-|-----BEGIN (?:PUBLIC KEY|CERTIFICATE|RSA PUBLIC KEY)"
              + "|pk_(?:live|test)_|pk\\.eyJ)"
              + "|\\.apps\\.googleusercontent\\.com$");

  private static final Pattern PATH_OR_URL =
      Pattern.compile("^(?:~|\\.{1,2})?/|^[A-Za-z]:\\\\|://");

  /** Words that fill a secret's slot without being one (lower case). */
  private static final Set<String> NON_SECRET_WORDS =
      new HashSet<>(
          Arrays.asList(
              ("password passwd pass secret token changeit undefined required optional string"
                      + " hidden masked default sample value none null nil true false"
                      + " empty unknown invalid incorrect missing bearer basic disabled enabled notset")
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
        && !isOrdinarySetting(value)
        && !PUBLIC_VALUE.matcher(value).find()
        && Entropy.bitsPerChar(value, 0, length) >= MIN_ENTROPY;
  }

  /**
   * A lower-case word of at most {@link #MAX_PLAIN_WORD} letters ({@code session}, {@code
   * kerberos}): a setting when assigned to a secret, token or key name, though it may be a
   * password.
   */
  static boolean isPlainWord(CharSequence text, int start, int end) {
    if (end - start > MAX_PLAIN_WORD) {
      return false;
    }
    for (int i = start; i < end; i++) {
      if (!isLower(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** A bare name followed by {@code (} or {@code [} is code: {@code config["jwt"]}, {@code load()}. */
  private static boolean isCalledOrIndexed(CharSequence text, int end) {
    return end < text.length() && (text.charAt(end) == '(' || text.charAt(end) == '[');
  }

  static boolean isPlaceholder(String value) {
    return PLACEHOLDER_SHAPE.matcher(value).find()
        || PLACEHOLDER_MARK.matcher(value).find()
        || NON_SECRET_WORDS.contains(value.toLowerCase(Locale.ROOT));
  }

  /** Code that fetches the value from somewhere: a variable, member, path or URL. */
  static boolean isReference(String value) {
    return MEMBER_CHAIN.matcher(value).find()
        || PATH_OR_URL.matcher(value).find()
        || isIdentifierName(value)
        || isSnakeCaseName(value);
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

  private static boolean isOrdinarySetting(String value) {
    return NUMBER_LIKE.matcher(value).find();
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
