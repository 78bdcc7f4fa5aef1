package io.takumo.aegis.detect.rule;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordGated;
import io.takumo.aegis.detect.KeywordScanner;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.PlausibleValue;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A secret told in a sentence, as people write in chat prompts: {@code my password is
 * hunter2horse and then…}, {@code the password for the staging box was "Summer2024!"}, {@code
 * wifi password is: letmein99}, {@code our API key is k7Hq2Lm9Xc4Vb8Nw…}. The assignment rules need
 * a separator ({@code =}, {@code :}); here the name is followed by {@code is} or {@code was}, maybe
 * after a short phrase that starts with a preposition ({@code for the staging box}), maybe with
 * {@code :} or {@code now} after it.
 *
 * <p>Prose says much about passwords and keys that is not one ({@code password is required},
 * {@code the password is stored hashed}, {@code password is SHA-256}, {@code the token is
 * expired}), so an unquoted value must have the shape of a password: a letter, and a digit or a
 * symbol such as {@code !@#$}, no {@code -} or {@code /} unless it also has such a symbol (those
 * join technical words: {@code base64-encoded}), and no bracket (markup and code: {@code password
 * is {@code null}}); or, for a password, be a passphrase of four or more words joined by {@code -}
 * ({@code correct-horse-battery-staple}). A quoted value may be a plain word when it is a password. Either way it must
 * pass the checks of an assigned value (no placeholder, reference, number or low-entropy string).
 * Keys and tokens are random and long: at least {@link #MIN_KEY_LENGTH} chars, never a plain word.
 */
public final class SentenceRule implements Rule, KeywordGated {

  static final String PASSWORD_ID = "password-in-sentence";
  static final String SECRET_ID = "secret-in-sentence";

  /** The shortest key or token told in a sentence; shorter ones are words, sizes or versions. */
  static final int MIN_KEY_LENGTH = 12;

  private final String id;
  private final String hint;

  /**
   * The keywords that start names, and for each, what may follow it in a name ({@code ""}: the
   * keyword alone): for passwords {@code pass} then {@code word}, {@code wd} or {@code phrase}.
   * The password rule's keyword is the assignment rule's too, so that a {@code password} in code
   * costs the prefilter one occurrence, not two.
   */
  private final List<String> keywords;

  private final String[][] nameEndings;

  private final boolean passwords;

  private SentenceRule(
      String id, String hint, List<String> keywords, String[][] nameEndings, boolean passwords) {
    this.id = id;
    this.hint = hint;
    this.keywords = keywords;
    this.nameEndings = nameEndings;
    this.passwords = passwords;
  }

  /** {@code password}, {@code passwd}, {@code passphrase}: {@value #PASSWORD_ID}. */
  public static SentenceRule passwords() {
    return new SentenceRule(
        PASSWORD_ID,
        "pwd",
        Collections.singletonList("pass"),
        new String[][] {{"word", "wd", "phrase"}},
        true);
  }

  /** {@code API key}, {@code token}, {@code secret}, {@code access key}: {@value #SECRET_ID}. */
  public static SentenceRule secrets() {
    return new SentenceRule(
        SECRET_ID,
        "sec",
        Arrays.asList("api key", "apikey", "token", "secret", "access key"),
        new String[][] {{""}, {""}, {""}, {" key", ""}, {""}},
        false);
  }

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
    return id;
  }

  @Override
  public String hint() {
    return hint;
  }

  @Override
  public Specificity specificity() {
    return Specificity.GENERIC;
  }

  @Override
  public List<String> keywords() {
    return keywords;
  }

  /** A name as a word of its own, then a space and a letter: the start of a sentence's next word. */
  @Override
  public KeywordGated.Gate gate() {
    return (text, start, end) -> {
      int nameEnd = nameEnd(text, start, end, endingsOf(text, start, end));
      return nameEnd >= 0
          && nameEnd + 1 < text.length()
          && text.charAt(nameEnd) == ' '
          && Character.isLetter(text.charAt(nameEnd + 1));
    };
  }

  /** What may follow the keyword {@code text[start, end)} in a name: that keyword's endings. */
  private String[] endingsOf(CharSequence text, int start, int end) {
    for (int k = 0; k < keywords.size(); k++) {
      String keyword = keywords.get(k);
      if (keyword.length() == end - start && wordIs(text, start, end, keyword)) {
        return nameEndings[k];
      }
    }
    return new String[0];
  }

  /**
   * The end of a name, a word of its own, whose keyword is {@code text[start, end)} followed by
   * one of {@code endings}; -1 if there is none.
   */
  private static int nameEnd(CharSequence text, int start, int end, String[] endings) {
    if (start > 0 && Character.isLetterOrDigit(text.charAt(start - 1))) {
      return -1;
    }
    for (String ending : endings) {
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
    KeywordScanner scanner = new KeywordScanner(keywords);
    int[] coveredTo = {0};
    scanner.scan(
        text,
        (keyword, end) ->
            coveredTo[0] = at(text, end - keywords.get(keyword).length(), end, coveredTo[0], out));
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
  private int at(CharSequence text, int start, int end, int coveredTo, List<Finding> out) {
    int nameEnd = start < coveredTo ? -1 : nameEnd(text, start, end, endingsOf(text, start, end));
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
    out.add(new Finding(value[0], value[1], id, hint));
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
  private int[] value(CharSequence text, int i) {
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
      if (end >= n || text.charAt(end) != close || !plausible(text, i + 1, end)
          || (!passwords && PlausibleValue.isPlainWord(text, i + 1, end))) {
        return null;
      }
      return new int[] {i + 1, end};
    }
    int end = i;
    // A backslash starts an escape of the text around (JSON's \n, Java's \u003a), not a char of
    // the value.
    while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '\\') {
      end++;
    }
    // Sentence punctuation after the value is not part of it; "!" often is, so it stays.
    while (end > i && ".,;:)?\"'".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    if (end - i > MAX_LENGTH
        || (!passwords && end - i < MIN_KEY_LENGTH)
        || !(hasPasswordShape(text, i, end) || (passwords && isPassphrase(text, i, end)))
        || !plausible(text, i, end)) {
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

  /** The fewest words of a passphrase told unquoted; two or three join technical terms. */
  private static final int MIN_PASSPHRASE_WORDS = 4;

  /**
   * Words of at least three letters joined by {@code -}, at least {@link #MIN_PASSPHRASE_WORDS} of
   * them: a diceware passphrase ({@code correct-horse-battery-staple}). Fewer join the words of
   * technical prose ({@code base64-encoded}, {@code read-only}, {@code one-time-use}).
   */
  static boolean isPassphrase(CharSequence text, int start, int end) {
    int words = 0;
    int letters = 0;
    for (int i = start; i <= end; i++) {
      char c = i < end ? text.charAt(i) : '-';
      if (Character.isLetter(c)) {
        letters++;
      } else if (c == '-' && letters >= 3) {
        words++;
        letters = 0;
      } else {
        return false;
      }
    }
    return words >= MIN_PASSPHRASE_WORDS;
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
    return "SentenceRule[" + id + "]";
  }
}
