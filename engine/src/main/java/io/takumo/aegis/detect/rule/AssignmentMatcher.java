package io.takumo.aegis.detect.rule;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordGated;
import io.takumo.aegis.detect.KeywordScanner;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.AssignmentName;
import io.takumo.aegis.detect.heuristic.BareValue;
import io.takumo.aegis.detect.heuristic.CodeValue;
import io.takumo.aegis.detect.heuristic.IdentifierValue;
import io.takumo.aegis.detect.heuristic.NonCredentialName;
import io.takumo.aegis.detect.heuristic.PlausibleValue;
import io.takumo.aegis.detect.heuristic.XmlNamedValue;
import java.util.List;

/**
 * A generic assignment rule ({@code password-assignment}, {@code secret-assignment}) matched by
 * hand, without a regex: from each keyword occurrence that passes the {@link GatedRule#assignment
 * gate}, the name ({@link AssignmentName}), then a separator ({@code =}, {@code :}, {@code =>},
 * {@code :=}, after an optional closing quote, maybe JSON-escaped, or bracket; or the spaces after
 * a {@code --flag}), then the value: double-quoted (with escapes), single- or back-quoted, quoted
 * with JSON-escaped quotes ({@code \"…\"}), or bare. A bare value stops at whitespace, quotes,
 * brackets, {@code ,;&<>} and at escaped newlines or tabs; {@link BareValue#extend} then decides
 * whether it goes on. Failing those, an XML element or attribute may name the value ({@link
 * XmlNamedValue}). The value is a secret if {@link #accept} says so.
 *
 * <p>Where several parses exist this takes the one the former regex took (its alternatives in
 * order), with the same limits: the value must end within {@link #VALUE_WINDOW} chars of the
 * keyword, and a keyword inside a secret already found starts nothing. A differential test runs
 * that regex beside this matcher.
 */
public final class AssignmentMatcher implements Rule, KeywordGated {

  /** From the end of a name's keyword to the end of its value, at most. */
  static final int VALUE_WINDOW = PlausibleValue.MAX_LENGTH + 128;

  private final String id;
  private final String hint;
  private final List<String> keywords;
  private final AssignmentName names;
  private final KeywordGated.Gate gate;
  private final boolean passwords;
  private final KeywordScanner keywordScanner;

  /**
   * @param tail how many name chars may follow a keyword before the separator (the gate)
   * @param passwords whether the names are password names, whose values may be plain words
   */
  public AssignmentMatcher(
      String id,
      String hint,
      List<String> keywords,
      AssignmentName names,
      int tail,
      boolean passwords) {
    this.id = id;
    this.hint = hint;
    this.keywords = keywords;
    this.names = names;
    this.gate = GatedRule.assignment(tail);
    this.passwords = passwords;
    this.keywordScanner = new KeywordScanner(keywords);
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
    return Specificity.GENERIC;
  }

  @Override
  public KeywordGated.Gate gate() {
    return gate;
  }

  @Override
  public List<String> keywords() {
    return keywords;
  }

  @Override
  public void findIn(CharSequence text, List<Finding> out) {
    Scan scan = new Scan(text, out);
    keywordScanner.scan(text, (keyword, end) -> scan.at(end - keywords.get(keyword).length(), end));
  }

  @Override
  public void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    Scan scan = new Scan(text, out);
    for (int i = 0; i < count; i++) {
      scan.at(ends[i] - lengths[i], ends[i]);
    }
  }

  @Override
  public void findNearPassed(
      CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    Scan scan = new Scan(text, out);
    for (int i = 0; i < count; i++) {
      scan.passed(ends[i] - lengths[i], ends[i]);
    }
  }

  /**
   * The end of the secret in {@code text[valueStart, valueEnd)}, the value the grammar found after
   * the name ending at {@code nameEnd} (whose keyword spans {@code [keywordStart, keywordEnd)}), or
   * -1 if it is not one. A {@code bare} value may first be extended ({@link BareValue#extend}).
   */
  int accept(
      CharSequence text,
      int keywordStart,
      int keywordEnd,
      int nameEnd,
      int valueStart,
      int valueEnd,
      boolean bare) {
    int end = bare ? BareValue.extend(text, valueStart, valueEnd) : valueEnd;
    if (end - valueStart < PlausibleValue.MIN_LENGTH
        || NonCredentialName.at(text, keywordStart, keywordEnd)
        || CodeValue.isCode(
            text, keywordStart, keywordEnd, nameEnd, valueStart, end, bare, passwords)
        || (!passwords && PlausibleValue.isPlainWord(text, valueStart, end))
        || (!passwords && IdentifierValue.isHeaderName(text, valueStart, end))
        || !PlausibleValue.ASSIGNED.accepts(text, valueStart, end)) {
      return -1;
    }
    return end;
  }

  @Override
  public String toString() {
    return "AssignmentMatcher[" + id + "]";
  }

  /** One pass over a text's keyword occurrences, which arrive in order of end. */
  private final class Scan implements AssignmentName.EndListener {

    private final CharSequence text;
    private final List<Finding> out;

    /** The end of the last secret found: keywords inside it start nothing new. */
    private int coveredTo;

    /** The stretch the current occurrence may look at: a char before it, its value window. */
    private int from;

    private int to;

    /** Where the current occurrence's keyword starts. */
    private int keywordStart;

    /** What the parse of the current occurrence found. */
    private int nameEnd;

    private int valueStart;
    private int valueEnd;
    private int matchEnd;
    private boolean bare;

    /** An XML value's {@code valueStart, valueEnd, matchEnd}, from {@link XmlNamedValue#value}. */
    private final int[] xml = new int[3];

    /**
     * A stretch {@code [runFrom, runTo)} that a bare value already ran through to the end of its
     * window without a char that ends it. A later bare value that starts inside it goes on from
     * its end instead of walking it again: in {@code password=password=…} each occurrence's value
     * would otherwise walk the same thousand chars, and the work would grow with the window.
     */
    private int runFrom = -1;

    private int runTo = -1;

    Scan(CharSequence text, List<Finding> out) {
      this.text = text;
      this.out = out;
    }

    void at(int keywordStart, int keywordEnd) {
      if (gate.mayMatchAt(text, keywordStart, keywordEnd)) {
        passed(keywordStart, keywordEnd);
      }
    }

    /** As {@link #at}, for an occurrence known to pass the gate. */
    void passed(int keywordStart, int keywordEnd) {
      if (keywordStart < coveredTo) {
        return;
      }
      this.keywordStart = keywordStart;
      from = Math.max(coveredTo, keywordStart - 1);
      to = Math.min(text.length(), keywordEnd + VALUE_WINDOW);
      if (!names.match(text, from, keywordStart, to, this)
          || (to < text.length() && matchEnd == to) // may go on past the window: unknown extent
          || valueEnd <= valueStart) {
        return;
      }
      int end = accept(text, keywordStart, keywordEnd, nameEnd, valueStart, valueEnd, bare);
      if (end >= 0) {
        out.add(new Finding(valueStart, end, id, hint));
        coveredTo = end;
      }
    }

    /** A separator and a value after a name that ends at {@code end}; or an XML named value. */
    @Override
    public boolean nameEndsAt(int end) {
      if (separatorAndValue(end)) {
        return true;
      }
      if (XmlNamedValue.mayNameValue(text, keywordStart, end)
          && XmlNamedValue.value(text, end, to, xml)) {
        nameEnd = end;
        bare = false;
        return found(xml[0], xml[1], xml[2]);
      }
      return false;
    }

    private boolean separatorAndValue(int end) {
      nameEnd = end;
      int i = end;
      if (i + 1 < to && text.charAt(i) == '\\' && isQuote(text.charAt(i + 1))) {
        i += 2;
      } else if (i < to && isQuote(text.charAt(i))) {
        i++;
      }
      if (i < to && text.charAt(i) == ']') {
        i++;
      }
      i = skipBlanks(i);
      if (i < to) {
        char c = text.charAt(i);
        char d = i + 1 < to ? text.charAt(i + 1) : 0;
        if (c == '=' && d == '>' && value(skipBlanks(i + 2))) {
          return true;
        }
        if (c == ':' && d == '=' && value(skipBlanks(i + 2))) {
          return true;
        }
        if ((c == '=' || c == ':') && value(skipBlanks(i + 1))) {
          return true;
        }
      }
      // --flag value
      int v = skipBlanks(end);
      return v > end && value(v);
    }

    private int skipBlanks(int i) {
      while (i < to && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
        i++;
      }
      return i;
    }

    /** A value starting at {@code v}, in the order of the regex's alternatives. */
    private boolean value(int v) {
      if (v >= to) {
        return false;
      }
      char c = text.charAt(v);
      bare = false;
      switch (c) {
        case '"':
          return quoted(v);
        case '\'':
        case '`':
          return plainQuoted(v, c);
        case '\\':
          if (v + 1 < to && text.charAt(v + 1) == '"') {
            return escapeQuoted(v);
          }
          return bare(v);
        default:
          return bare(v);
      }
    }

    /** {@code "…"} with backslash escapes, on one line. */
    private boolean quoted(int v) {
      int i = v + 1;
      while (i < to) {
        char c = text.charAt(i);
        if (c == '"') {
          return found(v + 1, i, i + 1);
        }
        if (c == '\r' || c == '\n') {
          return false;
        }
        if (c == '\\') {
          if (i + 1 >= to || text.charAt(i + 1) == '\n') {
            return false;
          }
          i += 2;
        } else {
          i++;
        }
      }
      return false;
    }

    /** {@code '…'} or {@code `…`}, on one line, without escapes. */
    private boolean plainQuoted(int v, char quote) {
      for (int i = v + 1; i < to; i++) {
        char c = text.charAt(i);
        if (c == quote) {
          return found(v + 1, i, i + 1);
        }
        if (c == '\r' || c == '\n') {
          return false;
        }
      }
      return false;
    }

    /** {@code \"…\"}: a quoted value inside a JSON string. */
    private boolean escapeQuoted(int v) {
      int i = v + 2;
      while (i < to) {
        char c = text.charAt(i);
        if (c == '\\') {
          if (i + 1 >= to) {
            return false;
          }
          if (text.charAt(i + 1) == '"') {
            return found(v + 2, i, i + 2);
          }
          i += 2;
        } else if (c == '"' || c == '\r' || c == '\n') {
          return false;
        } else {
          i++;
        }
      }
      return false;
    }

    /** Chars up to whitespace, a quote, a bracket, {@code ,;&<>} or an escaped newline or tab. */
    private boolean bare(int v) {
      int i = v;
      // Inside a run, and not the second char of an escape (a value starts after a separator,
      // so never is): from here the walk would step on the same chars as the run's did.
      if (runFrom <= v && v < runTo && text.charAt(v - 1) != '\\') {
        i = runTo;
      }
      while (i < to) {
        char c = text.charAt(i);
        if (c == '\\') {
          if (i + 1 >= to || BareValue.endsAtEscape(text.charAt(i + 1))) {
            break;
          }
          i += 2;
        } else if (BareValue.isStop(c)) {
          break;
        } else {
          i++;
        }
      }
      if (i == v) {
        return false;
      }
      if (i == to) {
        runFrom = runFrom <= v && v < runTo ? runFrom : v;
        runTo = to;
      }
      bare = true;
      return found(v, i, i);
    }

    private boolean found(int start, int end, int matchEnd) {
      this.valueStart = start;
      this.valueEnd = end;
      this.matchEnd = matchEnd;
      return true;
    }
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'';
  }
}
