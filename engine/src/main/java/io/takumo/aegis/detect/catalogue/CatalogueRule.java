package io.takumo.aegis.detect.catalogue;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordGated;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.rule.AssignmentRules;
import io.takumo.aegis.detect.rule.RegexRule;
import java.util.List;

/**
 * A rule of the provider catalogue ({@link CatalogueRules}). Its id, hint and keywords come from
 * the table; its {@link RegexRule} is built, and its regex compiled, the first time one of its
 * keywords occurs in a text, so that hundreds of rules cost little at start-up (a benign race: any
 * thread may build it).
 *
 * <p>Keyword occurrences first pass a gate shared by every rule of a kind, tested once per
 * occurrence whatever the number of rules: a prefix must be followed by token chars, a provider's
 * name by a separator on its line. So the catalogue's per-rule cost stays flat as it grows.
 */
final class CatalogueRule implements Rule, KeywordGated {

  /** Chars that end a token's body: every format's body has {@link #BODY_CHARS} chars before one. */
  private static final String BODY_END = "\"'`<>()[]{},;|\\";

  private static final int BODY_CHARS = 6;

  /** How many name chars and blanks may come between a provider's name and the separator. */
  private static final int NAME_REACH = 48;

  /** The gate of prefixed tokens: a standalone prefix, then {@link #BODY_CHARS} body chars. */
  static final KeywordGated.Gate PREFIX_GATE = CatalogueRule::bodyFollows;

  /** The gate of provider names: name chars, blanks and quotes, then {@code =} or {@code :}. */
  static final KeywordGated.Gate NAME_GATE = CatalogueRule::separatorFollows;

  /**
   * A name holding a provider's name, then within a few chars a credential word: {@code
   * ALGOLIA_ADMIN_KEY}, {@code sentry auth token}. Without the credential word, a provider's name
   * before a hex value is far more often a commit, a build id or a checksum.
   */
  private static final String NAME_TAIL =
      "[A-Za-z0-9_. -]{0,24}?(?:key|token|secret|passw(?:or)?d|pass|pat|auth|credentials?|sid)"
          + "[A-Za-z0-9_]{0,8}";

  private final CatalogueRules.Entry entry;
  private volatile RegexRule rule;

  CatalogueRule(CatalogueRules.Entry entry) {
    this.entry = entry;
  }

  CatalogueRules.Entry entry() {
    return entry;
  }

  @Override
  public String id() {
    return entry.id;
  }

  @Override
  public String hint() {
    return entry.hint;
  }

  @Override
  public Specificity specificity() {
    return entry.kind == CatalogueRules.Kind.NAMED ? Specificity.CONTEXTUAL : Specificity.PROVIDER;
  }

  @Override
  public List<String> keywords() {
    return entry.keywords;
  }

  @Override
  public String description() {
    return entry.description;
  }

  @Override
  public KeywordGated.Gate gate() {
    return entry.kind == CatalogueRules.Kind.PREFIX
        ? PREFIX_GATE
        : entry.kind == CatalogueRules.Kind.NAMED ? NAME_GATE : null;
  }

  @Override
  public void findIn(CharSequence text, List<Finding> out) {
    rule().findIn(text, out);
  }

  @Override
  public void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    rule().findNear(text, ends, lengths, count, out);
  }

  @Override
  public void findNearPassed(
      CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    rule().findNear(text, ends, lengths, count, out);
  }

  /** The rule as a {@link RegexRule}, built on first need. */
  RegexRule rule() {
    RegexRule r = rule;
    if (r == null) {
      r = build(entry);
      rule = r;
    }
    return r;
  }

  /** Whether the regex has been compiled (for tests of start-up cost). */
  boolean isBuilt() {
    return rule != null;
  }

  static RegexRule build(CatalogueRules.Entry e) {
    String[] keywords = e.exactKeywords.toArray(new String[0]);
    switch (e.kind) {
      case PREFIX:
        return TokenRules.prefixed(e.id, e.hint, pattern(e), keywords)
            .keywordWindow(0, e.window)
            .build();
      case MARKER:
        return RegexRule.builder(e.id, e.hint)
            .pattern(pattern(e))
            .exactCaseKeywords(keywords)
            .keywordWindow(e.before, e.window)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .check(TokenRules.STANDALONE.and(TokenRules.NOT_AN_EXAMPLE))
            .build();
      case NAMED:
        return RegexRule.builder(e.id, e.hint)
            .specificity(Specificity.CONTEXTUAL)
            .pattern(pattern(e))
            .secretGroups(1)
            .keywords(keywords)
            .keywordWindow(0, e.window)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .check(TokenRules.STANDALONE.and(TokenRules.NOT_AN_EXAMPLE))
            .build();
      default:
        throw new IllegalStateException(e.id);
    }
  }

  /**
   * The whole regex of an entry: for a named value, the name ({@link #NAME_TAIL}), a separator
   * and an optional quote before the value, which is group 1; else the entry's regex.
   */
  static String pattern(CatalogueRules.Entry e) {
    if (e.kind != CatalogueRules.Kind.NAMED) {
      return e.regex;
    }
    StringBuilder names = new StringBuilder("(?i:(?:");
    for (int i = 0; i < e.keywords.size(); i++) {
      names.append(i == 0 ? "" : "|").append(literal(e.keywords.get(i)));
    }
    return names + ")" + NAME_TAIL + ")" + AssignmentRules.SEPARATOR + "(?:\\\\?[\"'`])?("
        + e.regex + ")";
  }

  /** {@code word} as a regex matching it literally. */
  private static String literal(String word) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean bodyFollows(CharSequence text, int keywordStart, int keywordEnd) {
    if (keywordStart > 0 && isTokenChar(text.charAt(keywordStart - 1))) {
      return false;
    }
    if (keywordEnd + BODY_CHARS > text.length()) {
      return false;
    }
    for (int i = keywordEnd; i < keywordEnd + BODY_CHARS; i++) {
      char c = text.charAt(i);
      if (c <= ' ' || c >= 127 || BODY_END.indexOf(c) >= 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether, past name chars, blanks, quotes and a {@code ]}, an {@code =} or {@code :} follows. */
  private static boolean separatorFollows(CharSequence text, int keywordStart, int keywordEnd) {
    int n = text.length();
    int i = keywordEnd;
    int reach = Math.min(n, keywordEnd + NAME_REACH);
    while (i < reach && (isTokenChar(text.charAt(i)) || ". \t\"'\\]".indexOf(text.charAt(i)) >= 0)) {
      i++;
    }
    while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i < n && (text.charAt(i) == '=' || text.charAt(i) == ':');
  }

  private static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  @Override
  public String toString() {
    return "CatalogueRule[" + entry.id + "]";
  }
}
