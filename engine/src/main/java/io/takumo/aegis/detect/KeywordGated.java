package io.takumo.aegis.detect;

import java.util.List;

/**
 * A rule whose keyword occurrences must first pass a cheap test ({@link GatedRule.Gate}). The
 * detector applies it as the prefilter reports each occurrence, so that the many occurrences it
 * drops (in source code most {@code token}, {@code auth} or {@code http}) are never stored.
 */
interface KeywordGated {

  GatedRule.Gate gate();

  /**
   * As {@link Rule#findNear}, told that every occurrence passed {@link #gate()} already (the
   * detector's prefilter applied it), so that the rule need not test them again.
   */
  void findNearPassed(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out);
}
