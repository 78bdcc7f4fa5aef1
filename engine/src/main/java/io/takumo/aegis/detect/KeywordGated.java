package io.takumo.aegis.detect;

import java.util.List;

/**
 * A rule whose keyword occurrences must first pass a cheap test ({@link KeywordGated.Gate}). The
 * detector applies it as the prefilter reports each occurrence, so that the many occurrences it
 * drops (in source code most {@code token}, {@code auth} or {@code http}) are never stored.
 */
public interface KeywordGated {

  /**
   * Tells whether a keyword occurrence may start a match. A function of its arguments only: the
   * detector tests an occurrence once for all rules that share a gate, and rules trust that
   * occurrences it hands them passed.
   */
  @FunctionalInterface
  interface Gate {
    boolean mayMatchAt(CharSequence text, int keywordStart, int keywordEnd);
  }

  Gate gate();

  /**
   * As {@link Rule#findNear}, told that every occurrence passed {@link #gate()} already (the
   * detector's prefilter applied it), so that the rule need not test them again.
   */
  void findNearPassed(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out);

  /** The test each keyword occurrence of {@code rule} must pass first, or null if it has none. */
  static Gate gateOf(Rule rule) {
    return rule instanceof KeywordGated ? ((KeywordGated) rule).gate() : null;
  }
}
