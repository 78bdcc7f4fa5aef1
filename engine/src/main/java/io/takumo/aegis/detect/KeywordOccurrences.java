package io.takumo.aegis.detect;

import java.util.Arrays;

/**
 * The keyword occurrences of one text, from the detector's single prefilter pass, sorted into one
 * list per rule as they arrive: so each rule works from its own occurrences instead of scanning
 * the text, or the list of all occurrences, again. An occurrence that fails its rule's {@linkplain
 * KeywordGated#gateOf gate} is left out of that rule's list: in source code most occurrences of
 * {@code token}, {@code auth} or {@code http} do, and so cost no more than the gate.
 */
public final class KeywordOccurrences implements KeywordScanner.Listener {

  private static final int[] NONE = new int[0];

  private final CharSequence text;
  private final int[] keywordLengths;
  private final int[][] rulesOfKeyword;
  private final KeywordGated.Gate[] gates;
  private final int[][] endsOfRule;
  private final int[][] lengthsOfRule;
  private final int[] countOfRule;

  /** The selection made by {@link #of}: ends and lengths, in order of end. */
  private int[] ends = NONE;
  private int[] lengths = NONE;
  private int count;

  /**
   * @param text the text being scanned
   * @param keywordLengths the length of each keyword
   * @param rulesOfKeyword for each keyword, the rules that have it
   * @param gates for each rule, the gate of its occurrences, or null
   */
  public KeywordOccurrences(
      CharSequence text, int[] keywordLengths, int[][] rulesOfKeyword, KeywordGated.Gate[] gates) {
    this.text = text;
    this.keywordLengths = keywordLengths;
    this.rulesOfKeyword = rulesOfKeyword;
    this.gates = gates;
    this.endsOfRule = new int[gates.length][];
    this.lengthsOfRule = new int[gates.length][];
    this.countOfRule = new int[gates.length];
  }

  @Override
  public void found(int keyword, int end) {
    int length = keywordLengths[keyword];
    KeywordGated.Gate tested = null;
    boolean passed = false;
    for (int rule : rulesOfKeyword[keyword]) {
      KeywordGated.Gate gate = gates[rule];
      if (gate != null) {
        // Rules that share a gate (the two Authorization rules) test an occurrence once.
        if (gate != tested) {
          tested = gate;
          passed = gate.mayMatchAt(text, end - length, end);
        }
        if (!passed) {
          continue;
        }
      }
      int n = countOfRule[rule];
      int[] ruleEnds = endsOfRule[rule];
      if (ruleEnds == null || n == ruleEnds.length) {
        int size = ruleEnds == null ? 8 : n * 2;
        endsOfRule[rule] = ruleEnds = ruleEnds == null ? new int[size] : Arrays.copyOf(ruleEnds, size);
        lengthsOfRule[rule] =
            lengthsOfRule[rule] == null ? new int[size] : Arrays.copyOf(lengthsOfRule[rule], size);
      }
      ruleEnds[n] = end;
      lengthsOfRule[rule][n] = length;
      countOfRule[rule] = n + 1;
    }
  }

  /** Selects the occurrences of {@code rule}'s keywords; returns whether there are any. */
  public boolean of(int rule) {
    count = countOfRule[rule];
    ends = count == 0 ? NONE : endsOfRule[rule];
    lengths = count == 0 ? NONE : lengthsOfRule[rule];
    return count > 0;
  }

  /** The ends of the occurrences {@link #of} selected; only the first {@link #count} count. */
  public int[] ends() {
    return ends;
  }

  /** The lengths of the occurrences {@link #of} selected, as {@link #ends}. */
  public int[] lengths() {
    return lengths;
  }

  /** How many occurrences {@link #of} selected. */
  public int count() {
    return count;
  }
}
