package io.takumo.aegis.detect.rule;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordScanner;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.Entropy;
import io.takumo.aegis.detect.heuristic.SpanCheck;
import io.takumo.aegis.vault.TokenFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A rule whose secrets are the matches of an RE2/J regex, or one capture group of them, that pass
 * an optional minimum entropy and an optional {@link SpanCheck}. With a {@linkplain
 * Builder#keywordWindow keyword window} the regex only runs at keyword occurrences: anchored
 * within {@code before} chars of each, so a keyword in ordinary prose (a "token", a "secret")
 * costs a few steps, not a scan of the whole window.
 */
public final class RegexRule implements Rule {

  private final String id;
  private final String hint;
  private final Specificity specificity;
  private final List<String> keywords;
  private final Pattern pattern;
  private final int[] secretGroups;
  private final double minEntropy;
  private final SpanCheck check;

  /** Finds this rule's keywords when the regex runs only near them; null when it runs on all. */
  private final KeywordScanner keywordScanner;

  private final int windowBefore;
  private final int windowAfter;

  /** The keywords as written, when an occurrence must match one of them case and all; else null. */
  private final List<String> exactKeywords;

  /**
   * The chars besides letters, digits and {@code _} that may not come right before a secret,
   * when the secret starts where its keyword does; else null.
   */
  private final String standaloneStart;

  /**
   * The regex, preceded by a lazy skip of up to {@code windowBefore} chars, for anchored use.
   * Compiled on first need, since most rules never meet their keywords and compiling them all
   * would hold up the agent's warm-up (a benign race: any thread may compile it).
   */
  private volatile Pattern anchored;

  /**
   * How far the anchored regex's groups are shifted from the rule's: 1 when the secret is the
   * whole match and the skip may take chars, so that the whole match sits in a group of its own
   * and never counts the skip; else 0, since asking RE2/J for a group beyond the whole match costs
   * a second run of the regex.
   */
  private final int anchoredShift;

  private RegexRule(Builder b) {
    this.id = b.id;
    this.hint = b.hint;
    this.specificity = b.specificity;
    this.keywords = Collections.unmodifiableList(new ArrayList<>(b.keywords));
    this.pattern = b.pattern;
    this.secretGroups = b.secretGroups;
    this.minEntropy = b.minEntropy;
    this.check = b.check;
    this.standaloneStart = b.standaloneStart;
    this.keywordScanner = b.windowed ? new KeywordScanner(keywords) : null;
    this.windowBefore = b.windowBefore;
    this.anchoredShift =
        b.windowBefore > 0 && secretGroups.length == 1 && secretGroups[0] == 0 ? 1 : 0;
    this.windowAfter = b.windowAfter;
    this.exactKeywords =
        b.exactKeywords == null ? null : Collections.unmodifiableList(new ArrayList<>(b.exactKeywords));
  }

  private Pattern anchored() {
    Pattern p = anchored;
    if (p == null) {
      String open = anchoredShift == 1 ? "(" : "(?:";
      p = Pattern.compile(
          "^(?s:.{0," + windowBefore + "}?)" + open + pattern.pattern() + ")", pattern.flags());
      anchored = p;
    }
    return p;
  }

  public static Builder builder(String id, String hint) {
    return new Builder(id, hint);
  }

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
    return specificity;
  }

  @Override
  public List<String> keywords() {
    return keywords;
  }

  @Override
  public void findIn(CharSequence text, List<Finding> out) {
    if (keywordScanner == null) {
      findAll(text, out);
      return;
    }
    KeywordHits hits = new KeywordHits(text, out);
    keywordScanner.scan(text, (keyword, end) -> hits.at(end - keywords.get(keyword).length(), end));
  }

  @Override
  public void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    if (keywordScanner == null) {
      findAll(text, out);
      return;
    }
    KeywordHits hits = new KeywordHits(text, out);
    for (int i = 0; i < count; i++) {
      hits.at(ends[i] - lengths[i], ends[i]);
    }
  }

  /** Runs the regex over the whole text. */
  private void findAll(CharSequence text, List<Finding> out) {
    Matcher m = pattern.matcher(text);
    int pos = 0;
    while (pos <= text.length() && m.find(pos)) {
      int group = firstParticipatingGroup(m, 0);
      int start = group < 0 ? -1 : m.start(group);
      int end = group < 0 ? -1 : m.end(group);
      if (end > start && accepts(text, start, end)) {
        out.add(new Finding(start, end, id, hint));
      }
      // Resume right after the secret, not after the whole match: a match may end by consuming
      // the delimiter that the next secret's match has to start with.
      pos = end > start ? end : Math.max(m.end(), m.start() + 1);
    }
  }

  /** The first secret group that took part in {@code m}, whose groups are shifted by {@code shift}. */
  private int firstParticipatingGroup(Matcher m, int shift) {
    for (int g : secretGroups) {
      if (m.start(g + shift) >= 0) {
        return g + shift;
      }
    }
    return -1;
  }

  private boolean accepts(CharSequence text, int start, int end) {
    return (minEntropy <= 0 || Entropy.bitsPerChar(text, start, end) >= minEntropy)
        && check.accepts(text, start, end);
  }

  /** Whether the occurrence is one of the keywords as written, when the rule asks for that. */
  private boolean hasExactKeyword(CharSequence text, int start, int end) {
    if (exactKeywords == null) {
      return true;
    }
    for (String keyword : exactKeywords) {
      if (keyword.length() == end - start && regionEquals(text, start, keyword)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a secret starting at {@code start} would follow a token char, which the check rejects
   * (see {@link Builder#standaloneStart}).
   */
  private boolean followsTokenChar(CharSequence text, int start) {
    return standaloneStart != null && start > 0 && isTokenChar(text.charAt(start - 1), standaloneStart);
  }

  private static boolean isTokenChar(char c, String extraTokenChars) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || extraTokenChars.indexOf(c) >= 0;
  }

  private static boolean regionEquals(CharSequence text, int start, String part) {
    for (int i = 0; i < part.length(); i++) {
      if (text.charAt(start + i) != part.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "RegexRule[" + id + "]";
  }

  /** Tries the anchored regex at each keyword occurrence, which arrive in order. */
  private final class KeywordHits {

    private final CharSequence text;
    private final List<Finding> out;
    /** The end of the last secret found: keywords inside it start nothing new. */
    private int coveredTo;

    KeywordHits(CharSequence text, List<Finding> out) {
      this.text = text;
      this.out = out;
    }

    void at(int keywordStart, int keywordEnd) {
      if (keywordStart < coveredTo
          || !hasExactKeyword(text, keywordStart, keywordEnd)
          || followsTokenChar(text, keywordStart)) {
        return;
      }
      int from = Math.max(coveredTo, keywordStart - windowBefore);
      int to = Math.min(text.length(), keywordEnd + windowAfter);
      Matcher m = anchored().matcher(new TextWindow(text, from, to));
      if (!m.lookingAt() || (to < text.length() && m.end() == to - from)) {
        return; // no match here, or one that may go on past the window, so of unknown extent
      }
      int group = firstParticipatingGroup(m, anchoredShift);
      if (group < 0 || m.end(group) <= m.start(group)) {
        return;
      }
      int start = from + m.start(group);
      int end = from + m.end(group);
      if (accepts(text, start, end)) {
        out.add(new Finding(start, end, id, hint));
        coveredTo = end;
      }
    }
  }

  /** Builds a {@link RegexRule}; only {@link #pattern} is required besides the id and hint. */
  public static final class Builder {

    private final String id;
    private final String hint;
    private Specificity specificity = Specificity.PROVIDER;
    private final List<String> keywords = new ArrayList<>();
    private Pattern pattern;
    private int[] secretGroups = {0};
    private double minEntropy;
    private SpanCheck check = SpanCheck.ANY;
    private boolean windowed;
    private List<String> exactKeywords;
    private int windowBefore;
    private int windowAfter;
    private String standaloneStart;

    private Builder(String id, String hint) {
      if (id == null || id.isEmpty()) {
        throw new IllegalArgumentException("rule id is empty");
      }
      if (hint == null || !TokenFormat.isValidHint(hint)) {
        throw new IllegalArgumentException("rule " + id + ": hint must be 2-4 chars of [a-z0-9]");
      }
      this.id = id;
      this.hint = hint;
    }

    /** An RE2/J regex; compiled here, so a bad one fails when the rule is built. */
    public Builder pattern(String regex) {
      this.pattern = Pattern.compile(regex);
      return this;
    }

    /**
     * The capture groups that may hold the secret, for regexes with alternatives (e.g. a quoted and
     * an unquoted value): the first one that took part in a match is the secret. By default the
     * whole match is.
     */
    public Builder secretGroups(int... groups) {
      if (groups.length == 0) {
        throw new IllegalArgumentException("rule " + id + ": no secret group");
      }
      this.secretGroups = groups.clone();
      return this;
    }

    public Builder keywords(String... words) {
      for (String word : words) {
        keywords.add(word.toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * Keywords that must occur exactly as written, case included ({@code AKIA}, {@code SG.}), for
     * the regex to run at them: the prefilter still finds them ignoring case, and a cheap compare
     * then drops the {@code sg.} of {@code msg.content} before any regex work. Needs a {@link
     * #keywordWindow}.
     */
    public Builder exactCaseKeywords(String... words) {
      keywords(words);
      if (exactKeywords == null) {
        exactKeywords = new ArrayList<>();
      }
      exactKeywords.addAll(Arrays.asList(words));
      return this;
    }

    public Builder specificity(Specificity specificity) {
      this.specificity = specificity;
      return this;
    }

    /** Rejects secrets with fewer bits of Shannon entropy per character than this. */
    public Builder minEntropy(double bitsPerChar) {
      this.minEntropy = bitsPerChar;
      return this;
    }

    /** Replaces the check, and with it any {@link #standaloneStart} set before. */
    public Builder check(SpanCheck check) {
      this.check = check;
      this.standaloneStart = null;
      return this;
    }

    /**
     * Rejects secrets right after a letter, digit, {@code _} or one of {@code extraTokenChars}, as
     * {@link SpanCheck#standalone} does at the start; for rules whose secret is the whole match,
     * starting at a keyword ({@code keywordWindow(0, …)}). A keyword occurrence after such a char
     * is then dropped before any regex work: so in a run of prefixes ({@code
     * xoxb-1-xoxb-1-…}), each of which would run the regex to the end of its window, only the
     * first does, and matching stays linear in the text with a small factor.
     */
    public Builder standaloneStart(String extraTokenChars) {
      this.standaloneStart = extraTokenChars;
      return this;
    }

    /**
     * Promises that every match lies within {@code before} chars before the start of an occurrence
     * of one of the keywords and {@code after} chars after its end. The regex then runs only on
     * those stretches of a text, which is far faster than running it on all of the text. In a
     * stretch, {@code ^}, {@code $} and {@code \b} take its ends for the text's ends: leave a char
     * of context in {@code before} for a regex that starts with {@code \b}. A match that reaches
     * the cut end of a stretch is dropped, since it might go on.
     */
    public Builder keywordWindow(int before, int after) {
      if (before < 0 || after < 0) {
        throw new IllegalArgumentException("rule " + id + ": negative window");
      }
      this.windowed = true;
      this.windowBefore = before;
      this.windowAfter = after;
      return this;
    }

    public RegexRule build() {
      if (pattern == null) {
        throw new IllegalStateException("rule " + id + ": no pattern");
      }
      if (exactKeywords != null && (!windowed || exactKeywords.size() != keywords.size())) {
        throw new IllegalStateException(
            "rule " + id + ": exact-case keywords need a keyword window and no other keywords");
      }
      if (windowed && keywords.isEmpty()) {
        throw new IllegalStateException("rule " + id + ": a keyword window needs keywords");
      }
      for (int g : secretGroups) {
        if (g < 0 || g > pattern.groupCount()) {
          throw new IllegalStateException("rule " + id + ": pattern has no group " + g);
        }
      }
      if (standaloneStart != null) {
        if (!windowed || windowBefore != 0 || secretGroups.length != 1 || secretGroups[0] != 0) {
          throw new IllegalStateException(
              "rule " + id + ": a standalone start needs the whole match to start at a keyword");
        }
        String extra = standaloneStart;
        check = check.and(
            (text, start, end) -> start == 0 || !isTokenChar(text.charAt(start - 1), extra));
      }
      return new RegexRule(this);
    }
  }
}
