package io.takumo.aegis.detect.rule;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordGated;
import io.takumo.aegis.detect.KeywordOccurrences;
import io.takumo.aegis.detect.KeywordScanner;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.PlausibleValue;
import io.takumo.aegis.detect.heuristic.XmlNamedValue;
import java.util.List;

/**
 * A rule whose keyword occurrences first pass a cheap test in plain Java, so that the regex, whose
 * every run has a fixed cost, only runs where it may match. Made for rules whose keywords are
 * common words ({@code token}, {@code auth}, {@code http}): in ordinary code most occurrences are
 * not followed by {@code =} or {@code ://user:…@}, and are dropped here.
 */
public final class GatedRule implements Rule, KeywordGated {

  /** An AWS secret access key's length, in base64 chars. */
  private static final int AWS_SECRET_KEY_LENGTH = 40;

  private final RegexRule rule;
  private final Gate gate;
  private final KeywordScanner keywordScanner;

  public GatedRule(RegexRule rule, Gate gate) {
    this.rule = rule;
    this.gate = gate;
    this.keywordScanner = new KeywordScanner(rule.keywords());
  }

  @Override
  public String id() {
    return rule.id();
  }

  @Override
  public String hint() {
    return rule.hint();
  }

  @Override
  public Specificity specificity() {
    return rule.specificity();
  }

  @Override
  public List<String> keywords() {
    return rule.keywords();
  }

  @Override
  public void findIn(CharSequence text, List<Finding> out) {
    KeywordOccurrences occurrences =
        new KeywordOccurrences(text, keywordLengths(), everyKeywordToRuleZero(), new Gate[1]);
    keywordScanner.scan(text, occurrences);
    if (occurrences.of(0)) {
      findNear(text, occurrences.ends(), occurrences.lengths(), occurrences.count(), out);
    }
  }

  private int[] keywordLengths() {
    return rule.keywords().stream().mapToInt(String::length).toArray();
  }

  private int[][] everyKeywordToRuleZero() {
    int[][] rules = new int[rule.keywords().size()][];
    for (int k = 0; k < rules.length; k++) {
      rules[k] = new int[] {0};
    }
    return rules;
  }

  @Override
  public void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    int[] keptEnds = new int[count];
    int[] keptLengths = new int[count];
    int kept = 0;
    for (int i = 0; i < count; i++) {
      if (gate.mayMatchAt(text, ends[i] - lengths[i], ends[i])) {
        keptEnds[kept] = ends[i];
        keptLengths[kept++] = lengths[i];
      }
    }
    if (kept > 0) {
      rule.findNear(text, keptEnds, keptLengths, kept, out);
    }
  }

  @Override
  public void findNearPassed(
      CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    rule.findNear(text, ends, lengths, count, out);
  }

  @Override
  public String toString() {
    return "GatedRule[" + rule.id() + "]";
  }

  @Override
  public Gate gate() {
    return gate;
  }

  /**
   * For names that end at most {@code tail} name chars after the keyword ({@code pass}{@code
   * word2}, {@code token}{@code s}, {@code secret}{@code _key}): then a closing quote or bracket,
   * then {@code =} or {@code :}; or a {@code --flag} followed by a space; or an XML element or
   * {@code key}/{@code name} attribute ({@link XmlNamedValue}).
   */
  static Gate assignment(int tail) {
    return (text, keywordStart, keywordEnd) -> assignmentAt(text, keywordStart, keywordEnd, tail);
  }

  private static boolean assignmentAt(CharSequence text, int keywordStart, int keywordEnd, int tail) {
    int n = text.length();
    int i = keywordEnd;
    int limit = Math.min(n, keywordEnd + tail);
    while (i < limit && isNameChar(text.charAt(i))) {
      i++;
    }
    int nameEnd = i;
    if (i < n && text.charAt(i) == '\\') {
      i++;
    }
    if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'' || text.charAt(i) == '`')) {
      i++;
    }
    if (i < n && text.charAt(i) == ']') {
      i++;
    }
    while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    if (i < n && (text.charAt(i) == '=' || text.charAt(i) == ':')) {
      return true;
    }
    if (nameEnd < n && (text.charAt(nameEnd) == ' ' || text.charAt(nameEnd) == '\t')) {
      return isFlag(text, keywordStart);
    }
    return XmlNamedValue.mayNameValue(text, keywordStart, nameEnd);
  }

  /** Whether the name around {@code keywordStart} is a {@code --flag}: {@code --db-password}. */
  private static boolean isFlag(CharSequence text, int keywordStart) {
    int j = keywordStart;
    while (j > 0 && keywordStart - j < 24 && isFlagChar(text.charAt(j - 1))) {
      j--;
    }
    return j + 1 < keywordStart && text.charAt(j) == '-' && text.charAt(j + 1) == '-';
  }

  /**
   * For URLs with user info: {@code ://} soon after the keyword (the scheme), then an {@code @}
   * before the first char that ends the authority.
   */
  public static boolean userInfoAt(CharSequence text, int keywordStart, int keywordEnd) {
    int n = text.length();
    int limit = Math.min(n, keywordEnd + 32);
    int i = keywordEnd;
    while (i + 2 < limit
        && !(text.charAt(i) == ':' && text.charAt(i + 1) == '/' && text.charAt(i + 2) == '/')) {
      i++;
    }
    if (i + 2 >= limit) {
      return false;
    }
    int stop = Math.min(n, i + 3 + PlausibleValue.MAX_LENGTH + 256);
    for (int j = i + 3; j < stop; j++) {
      char c = text.charAt(j);
      if (c == '@') {
        return true;
      }
      if (c == '/' || c == '"' || c == '\'' || c == '<' || c == '>'
          || ((c <= ' ' || c >= 128) && Character.isWhitespace(c))) {
        return false;
      }
    }
    return false;
  }

  /**
   * For {@code Authorization} headers: a {@code :} or {@code =} (after a closing quote), a scheme
   * word, spaces, then a char that may start credentials, not the {@code $} or {@code <} of a
   * placeholder.
   */
  public static boolean credentialsAt(CharSequence text, int keywordStart, int keywordEnd) {
    int n = text.length();
    int i = skipQuotesAndBlanks(text, keywordEnd);
    if (i >= n || (text.charAt(i) != ':' && text.charAt(i) != '=')) {
      return false;
    }
    i = skipQuotesAndBlanks(text, i + 1);
    int scheme = i;
    while (i < n && i - scheme < 8 && isAsciiLetter(text.charAt(i))) {
      i++;
    }
    int spaces = i;
    i = skipBlanks(text, i);
    return i > spaces
        && i < n
        && (isFlagChar(text.charAt(i)) || "._~+/".indexOf(text.charAt(i)) >= 0);
  }

  /**
   * For names that may contain spaces and a bracketed note, as in the {@code aws configure} prompt
   * ({@code AWS Secret Access Key [None]: }): an {@code =} or {@code :} within 64 chars of the
   * keyword, on its line.
   */
  static boolean separatorSoonAfter(CharSequence text, int keywordStart, int keywordEnd) {
    int limit = Math.min(text.length(), keywordEnd + 64);
    for (int i = keywordEnd; i < limit; i++) {
      char c = text.charAt(i);
      if (c > '=') {
        continue; // letters and most symbols: none of = : \n \r
      }
      if (c == '=' || c == ':') {
        return true;
      }
      if (c == '\n' || c == '\r') {
        return false;
      }
    }
    return false;
  }

  /**
   * As {@link #separatorSoonAfter}, or the rest of the name, blanks and then 40 base64 chars, as
   * in {@code aws configure set aws_secret_access_key …}.
   */
  public static boolean separatorOrAwsKeySoonAfter(
      CharSequence text, int keywordStart, int keywordEnd) {
    if (separatorSoonAfter(text, keywordStart, keywordEnd)) {
      return true;
    }
    int n = text.length();
    int i = keywordEnd;
    while (i < n && i - keywordEnd < 16
        && (isAsciiLetter(text.charAt(i)) || text.charAt(i) == '_')) {
      i++;
    }
    int name = i;
    i = skipBlanks(text, i);
    int key = i;
    while (i < n && i - key <= AWS_SECRET_KEY_LENGTH && isAwsKeyChar(text.charAt(i))) {
      i++;
    }
    return i > name && key > name && i - key == AWS_SECRET_KEY_LENGTH;
  }

  private static boolean isAwsKeyChar(char c) {
    return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '/' || c == '+';
  }

  /**
   * For tokens whose prefix is followed by at least {@code n} ASCII letters and digits, such as
   * OpenAI's legacy {@code sk-} keys: the {@code sk-} of {@code task-based} or {@code disk-io} is
   * dropped here.
   */
  public static Gate alphanumericsAfter(int n) {
    return (text, keywordStart, keywordEnd) -> {
      if (keywordEnd + n > text.length()) {
        return false;
      }
      for (int i = keywordEnd; i < keywordEnd + n; i++) {
        char c = text.charAt(i);
        if (!isAsciiLetter(c) && (c < '0' || c > '9')) {
          return false;
        }
      }
      return true;
    };
  }

  /**
   * For {@code curl -u user:password}: a {@code -u} or {@code --user} option after a space or tab,
   * then a space, tab or {@code =}, within 400 chars of {@code curl} on its line.
   */
  public static boolean userOptionAt(CharSequence text, int keywordStart, int keywordEnd) {
    int limit = Math.min(text.length(), keywordEnd + 400 + 1);
    for (int i = keywordEnd; i < limit; i++) {
      char c = text.charAt(i);
      if (c > ' ') {
        continue; // neither a line end nor a blank: most chars of a command line
      }
      if (c == '\n' || c == '\r') {
        return false;
      }
      if ((c == ' ' || c == '\t') && i + 2 < text.length() && text.charAt(i + 1) == '-') {
        int after = text.charAt(i + 2) == 'u' ? i + 3 : optionEnd(text, i + 2, "-user");
        if (after > 0 && after < text.length() && " \t=".indexOf(text.charAt(after)) >= 0) {
          return true;
        }
      }
    }
    return false;
  }

  private static int optionEnd(CharSequence text, int from, String rest) {
    if (from + rest.length() > text.length()) {
      return -1;
    }
    for (int k = 0; k < rest.length(); k++) {
      if (text.charAt(from + k) != rest.charAt(k)) {
        return -1;
      }
    }
    return from + rest.length();
  }

  /** Past at most 8 backslashes, quotes, spaces and tabs. */
  private static int skipQuotesAndBlanks(CharSequence text, int from) {
    int i = from;
    while (i < text.length() && i - from < 8) {
      char c = text.charAt(i);
      if (c != '\\' && c != '"' && c != '\'' && c != ' ' && c != '\t') {
        break;
      }
      i++;
    }
    return i;
  }

  /** Past at most 8 spaces and tabs. */
  private static int skipBlanks(CharSequence text, int from) {
    int i = from;
    while (i < text.length() && i - from < 8 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isNameChar(char c) {
    return isFlagChar(c) || c == '_' || c == '.';
  }

  private static boolean isFlagChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }
}
