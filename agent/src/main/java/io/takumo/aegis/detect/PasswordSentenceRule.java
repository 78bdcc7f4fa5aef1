package io.takumo.aegis.detect;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A password told in a sentence, as people write in chat prompts: {@code my password is
 * hunter2horse and then…}, {@code the password for the staging box was "Summer2024!"}, {@code
 * wifi password is: letmein99}. The assignment rules need a separator ({@code =}, {@code :}); here
 * the name is followed by {@code is} or {@code was}, maybe after a short phrase that starts with a
 * preposition ({@code for the staging box}), maybe with {@code :} or {@code now} after it.
 *
 * <p>Prose says much about passwords that is not one ({@code password is required}, {@code the
 * password is stored hashed}, {@code password is SHA-256}), so an unquoted value must have the
 * shape of a password: a letter, and a digit or a symbol such as {@code !@#$}, no {@code -} or
 * {@code /} unless it also has such a symbol (those join technical words: {@code base64-encoded}),
 * and no bracket (markup and code: {@code password is {@code null}}).
 * A quoted value may be a plain word. Either way it must pass the checks of an assigned value (no
 * placeholder, reference, number or low-entropy string).
 */
final class PasswordSentenceRule implements Rule, KeywordGated {

  static final String ID = "password-in-sentence";
  private static final String HINT = "pwd";

  /**
   * The start the names share: the password rule's keyword too, so that a {@code password} in code
   * costs the prefilter one occurrence, not two.
   */
  private static final List<String> KEYWORDS = Collections.singletonList("pass");

  /** What may follow {@code pass} in a name. */
  private static final String[] NAME_ENDINGS = {"word", "wd", "phrase"};

  /** Words that may start the phrase between the name and the verb: {@code for the db}. */
  private static final String[] PREPOSITIONS = {"for", "of", "on", "to", "at", "in"};

  /** How many words that phrase may have, the preposition included. */
  private static final int MAX_PHRASE_WORDS = 6;

  /** Longer unquoted values are rarely typed into a sentence; they are left to other rules. */
  private static final int MAX_LENGTH = 128;

  /** Names of algorithms and encodings, which have the shape of a password: {@code sha256}. */
  private static final Set<String> TECHNICAL_WORDS =
      new HashSet<>(
          Arrays.asList(
              "sha1", "sha224", "sha256", "sha384", "sha512", "md5", "base64", "base32", "argon2",
              "argon2i", "argon2d", "argon2id", "pbkdf2", "aes128", "aes192", "aes256", "utf8",
              "rot13", "x509", "pkcs12", "pkcs8", "ed25519", "rsa2048", "rsa4096"));

  /** Symbols that mark a password rather than a word or a technical term. */
  private static final String PASSWORD_SYMBOLS = "!@#$%^&*+=?~|";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String hint() {
    return HINT;
  }

  @Override
  public Specificity specificity() {
    return Specificity.GENERIC;
  }

  @Override
  public List<String> keywords() {
    return KEYWORDS;
  }

  /** A name as a word of its own, then a space and a letter: the start of a sentence's next word. */
  @Override
  public GatedRule.Gate gate() {
    return (text, start, end) -> {
      int nameEnd = nameEnd(text, start, end);
      return nameEnd >= 0
          && nameEnd + 1 < text.length()
          && text.charAt(nameEnd) == ' '
          && Character.isLetter(text.charAt(nameEnd + 1));
    };
  }

  /**
   * The end of {@code password}, {@code passwd} or {@code passphrase}, a word of its own, whose
   * {@code pass} is {@code text[start, end)}; -1 if there is none.
   */
  private static int nameEnd(CharSequence text, int start, int end) {
    if (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
      return -1;
    }
    for (String ending : NAME_ENDINGS) {
      int nameEnd = end + ending.length();
      if (nameEnd <= text.length()
          && wordIs(text, end, nameEnd, ending)
          && (nameEnd == text.length() || !Character.isLetterOrDigit(text.charAt(nameEnd)))) {
        return nameEnd;
      }
    }
    return -1;
  }

  @Override
  public void findIn(CharSequence text, List<Finding> out) {
    KeywordScanner scanner = new KeywordScanner(KEYWORDS);
    int[] coveredTo = {0};
    scanner.scan(
        text,
        (keyword, end) ->
            coveredTo[0] = at(text, end - KEYWORDS.get(keyword).length(), end, coveredTo[0], out));
  }

  @Override
  public void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    int coveredTo = 0;
    for (int i = 0; i < count; i++) {
      coveredTo = at(text, ends[i] - lengths[i], ends[i], coveredTo, out);
    }
  }

  @Override
  public void findNearPassed(
      CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    findNear(text, ends, lengths, count, out);
  }

  /**
   * Looks for a sentence at the keyword {@code text[start, end)}; returns the end of the secret
   * it adds to {@code out}, or {@code coveredTo} if it adds none.
   */
  private static int at(CharSequence text, int start, int end, int coveredTo, List<Finding> out) {
    int nameEnd = start < coveredTo ? -1 : nameEnd(text, start, end);
    if (nameEnd < 0) {
      return coveredTo; // passwords, passwordless, bypass: another word
    }
    int n = text.length();
    int i = nameEnd;
    int verb = verbAfter(text, i);
    if (verb < 0) {
      return coveredTo;
    }
    i = verb;
    if (i < n && text.charAt(i) == ':') {
      i++;
    }
    i = skipBlanks(text, i);
    int afterNow = wordEnd(text, i);
    if (wordIs(text, i, afterNow, "now") && afterNow < n && text.charAt(afterNow) == ' ') {
      i = skipBlanks(text, afterNow);
    }
    int[] value = value(text, i);
    if (value == null) {
      return coveredTo;
    }
    out.add(new Finding(value[0], value[1], ID, HINT));
    return value[1];
  }

  /**
   * After the name, where the value may start: past {@code is} or {@code was} (and one blank),
   * directly or after a phrase that starts with a preposition, all on one line; or -1.
   */
  private static int verbAfter(CharSequence text, int i) {
    int n = text.length();
    for (int word = 0; word <= MAX_PHRASE_WORDS; word++) {
      if (i >= n || text.charAt(i) != ' ') {
        return -1;
      }
      int start = i + 1;
      int end = wordEnd(text, start);
      if (end == start) {
        return -1;
      }
      if (wordIs(text, start, end, "is") || wordIs(text, start, end, "was")) {
        return end < n && (text.charAt(end) == ' ' || text.charAt(end) == ':') ? end : -1;
      }
      if (word == 0 && !isPreposition(text, start, end)) {
        return -1;
      }
      i = end;
    }
    return -1;
  }

  /** The value at {@code i}, quoted or not, as {start, end}; null if there is none that fits. */
  private static int[] value(CharSequence text, int i) {
    int n = text.length();
    if (i >= n) {
      return null;
    }
    char open = text.charAt(i);
    char close = closingQuote(open);
    if (close != 0) {
      int end = i + 1;
      while (end < n && end - i <= MAX_LENGTH && text.charAt(end) != close) {
        if (text.charAt(end) == '\n' || text.charAt(end) == '\r') {
          return null;
        }
        end++;
      }
      if (end >= n || text.charAt(end) != close || !plausible(text, i + 1, end)) {
        return null;
      }
      return new int[] {i + 1, end};
    }
    int end = i;
    while (end < n && !Character.isWhitespace(text.charAt(end))) {
      end++;
    }
    // Sentence punctuation after the value is not part of it; "!" often is, so it stays.
    while (end > i && ".,;:)?\"'".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    if (end - i > MAX_LENGTH || !hasPasswordShape(text, i, end) || !plausible(text, i, end)) {
      return null;
    }
    return new int[] {i, end};
  }

  private static boolean plausible(CharSequence text, int start, int end) {
    return !TECHNICAL_WORDS.contains(lowerCase(text, start, end))
        && PlausibleValue.ASSIGNED.accepts(text, start, end);
  }

  /**
   * A letter, and a digit or a password symbol; a {@code -} or {@code /} only with a password
   * symbol; no bracket, which in prose belongs to markup or code ({@code {@code null}}).
   */
  static boolean hasPasswordShape(CharSequence text, int start, int end) {
    boolean letter = false;
    boolean digit = false;
    boolean symbol = false;
    boolean joiner = false;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if ("{}[]()<>".indexOf(c) >= 0) {
        return false;
      }
      if (Character.isLetter(c)) {
        letter = true;
      } else if (c >= '0' && c <= '9') {
        digit = true;
      } else if (PASSWORD_SYMBOLS.indexOf(c) >= 0) {
        symbol = true;
      } else if (c == '-' || c == '/') {
        joiner = true;
      }
    }
    return letter && (symbol || (digit && !joiner));
  }

  private static char closingQuote(char c) {
    switch (c) {
      case '"':
      case '\'':
      case '`':
        return c;
      case '\u201C':
        return '\u201D';
      case '\u2018':
        return '\u2019';
      default:
        return 0;
    }
  }

  private static int wordEnd(CharSequence text, int i) {
    int n = text.length();
    while (i < n && Character.isLetterOrDigit(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isPreposition(CharSequence text, int start, int end) {
    for (String preposition : PREPOSITIONS) {
      if (wordIs(text, start, end, preposition)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code text[start, end)} is {@code word} (lower-case ASCII), ignoring case. */
  private static boolean wordIs(CharSequence text, int start, int end, String word) {
    if (end - start != word.length()) {
      return false;
    }
    for (int i = 0; i < word.length(); i++) {
      char c = text.charAt(start + i);
      if (c != word.charAt(i) && c != Character.toUpperCase(word.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String lowerCase(CharSequence text, int start, int end) {
    return text.subSequence(start, end).toString().toLowerCase(Locale.ROOT);
  }

  private static int skipBlanks(CharSequence text, int i) {
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  @Override
  public String toString() {
    return "PasswordSentenceRule[" + ID + "]";
  }
}
