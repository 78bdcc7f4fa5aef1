package io.takumo.aegis.detect;

import java.util.Arrays;

/**
 * The keyword occurrences of one text, from the detector's single prefilter pass, sorted into one
 * list per rule as they arrive: so each rule works from its own occurrences instead of scanning
 * the text, or the list of all occurrences, again.
 */
final class KeywordOccurrences implements KeywordScanner.Listener {

  private static final int[] NONE = new int[0];

  private final int[] keywordLengths;
  private final int[][] rulesOfKeyword;
  private final int[][] endsOfRule;
  private final int[][] lengthsOfRule;
  private final int[] countOfRule;

  /** The selection made by {@link #of}: ends and lengths, in order of end. */
  int[] ends = NONE;
  int[] lengths = NONE;
  int count;

  /**
   * @param keywordLengths the length of each keyword
   * @param rulesOfKeyword for each keyword, the rules that have it
   * @param ruleCount how many rules there are
   */
  KeywordOccurrences(int[] keywordLengths, int[][] rulesOfKeyword, int ruleCount) {
    this.keywordLengths = keywordLengths;
    this.rulesOfKeyword = rulesOfKeyword;
    this.endsOfRule = new int[ruleCount][];
    this.lengthsOfRule = new int[ruleCount][];
    this.countOfRule = new int[ruleCount];
  }

  @Override
  public void found(int keyword, int end) {
    for (int rule : rulesOfKeyword[keyword]) {
      int n = countOfRule[rule];
      int[] ruleEnds = endsOfRule[rule];
      if (ruleEnds == null || n == ruleEnds.length) {
        int size = ruleEnds == null ? 8 : n * 2;
        endsOfRule[rule] = ruleEnds = ruleEnds == null ? new int[size] : Arrays.copyOf(ruleEnds, size);
        lengthsOfRule[rule] =
            lengthsOfRule[rule] == null ? new int[size] : Arrays.copyOf(lengthsOfRule[rule], size);
      }
      ruleEnds[n] = end;
      lengthsOfRule[rule][n] = keywordLengths[keyword];
      countOfRule[rule] = n + 1;
    }
  }

  /** Selects the occurrences of {@code rule}'s keywords; returns whether there are any. */
  boolean of(int rule) {
    count = countOfRule[rule];
    ends = count == 0 ? NONE : endsOfRule[rule];
    lengths = count == 0 ? NONE : lengthsOfRule[rule];
    return count > 0;
  }
}
