package io.takumo.aegis.detect.rule;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordGated;
import io.takumo.aegis.detect.KeywordScanner;
import java.util.ArrayList;
import java.util.List;

/**
 * The generic assignment rules as they were before {@link AssignmentMatcher}: an RE2/J regex run
 * at each keyword occurrence that passes the gate, anchored one char before it, over a window of
 * {@link AssignmentMatcher#VALUE_WINDOW} chars after it. Kept in test code only, for the
 * differential test: both hand what their grammar found to the same {@link
 * AssignmentMatcher#accept}, so the test compares the grammars.
 */
final class RegexAssignmentReference {

  /**
   * A value, captured by whichever of groups 1–5 matches: double-quoted (with escapes), single-,
   * back-quoted, quoted with JSON-escaped quotes ({@code \"…\"}), or bare. A bare value stops at
   * whitespace, quotes, brackets, {@code ,;&<>} and at escaped newlines or tabs.
   */
  static final String VALUE =
      "(?:"
          + "\"((?:[^\"\\\\\\r\\n]|\\\\.)*)\""
          + "|'([^'\\r\\n]*)'"
          + "|`([^`\\r\\n]*)`"
          + "|\\\\\"((?:[^\"\\\\\\r\\n]|\\\\[^\"])*)\\\\\""
          + "|((?:[^\\s\"'`\\\\,;&<>(){}\\[\\]]|\\\\[^nrtu\"'`\\\\(){}\\[\\]])+)"
          + ")";

  private final AssignmentMatcher matcher;
  private final Pattern anchored;
  private final KeywordScanner keywords;
  private final KeywordGated.Gate gate;

  /**
   * @param matcher the rule whose keywords and {@link AssignmentMatcher#accept} to use
   * @param nameFragments the name words as regex fragments ({@link AssignmentRules#PASSWORD_NAMES})
   * @param gluedFragments those that may be glued to the letters before them
   * @param tail the gate's name tail
   */
  RegexAssignmentReference(
      AssignmentMatcher matcher, String[] nameFragments, String[] gluedFragments, int tail) {
    this.matcher = matcher;
    this.anchored =
        Pattern.compile(
            "(?s:.{0,1}?)("
                + AssignmentRules.name(nameFragments, gluedFragments)
                + ")(?:"
                + AssignmentRules.SEPARATOR
                + "|[ \\t]+)"
                + VALUE);
    this.keywords = new KeywordScanner(matcher.keywords());
    this.gate = GatedRule.assignment(tail);
  }

  List<Finding> find(CharSequence text) {
    List<Finding> out = new ArrayList<>();
    int[] coveredTo = {0};
    keywords.scan(
        text,
        (keyword, keywordEnd) -> {
          int keywordStart = keywordEnd - matcher.keywords().get(keyword).length();
          if (keywordStart < coveredTo[0] || !gate.mayMatchAt(text, keywordStart, keywordEnd)) {
            return;
          }
          int from = Math.max(coveredTo[0], keywordStart - 1);
          int to = Math.min(text.length(), keywordEnd + AssignmentMatcher.VALUE_WINDOW);
          Matcher m = anchored.matcher(new TextWindow(text, from, to));
          if (!m.lookingAt() || (to < text.length() && m.end() == to - from)) {
            return;
          }
          int group = -1;
          for (int g = 2; g <= 6 && group < 0; g++) {
            group = m.start(g) >= 0 ? g : -1;
          }
          if (group < 0 || m.end(group) <= m.start(group)) {
            return;
          }
          int end =
              matcher.accept(
                  text,
                  keywordStart,
                  keywordEnd,
                  from + m.end(1),
                  from + m.start(group),
                  from + m.end(group),
                  group == 6);
          if (end >= 0) {
            out.add(new Finding(from + m.start(group), end, matcher.id(), matcher.hint()));
            coveredTo[0] = end;
          }
        });
    return out;
  }
}
