package io.takumo.aegis.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Picks non-overlapping findings among candidates: a finding from a more {@link Specificity
 * specific} rule beats any it overlaps; between equally specific ones the longer wins, then the
 * earlier, then the one from the rule listed first.
 */
final class OverlapResolver {

  private static final Comparator<Candidate> BEST_FIRST =
      Comparator.comparing((Candidate c) -> c.specificity)
          .reversed()
          .thenComparingInt(c -> -c.finding.length())
          .thenComparingInt(c -> c.finding.start())
          .thenComparingInt(c -> c.ruleOrder);

  private final List<Candidate> candidates = new ArrayList<>();

  void add(Finding finding, Specificity specificity, int ruleOrder) {
    candidates.add(new Candidate(finding, specificity, ruleOrder));
  }

  /** The winners, sorted by start. */
  List<Finding> resolve() {
    candidates.sort(BEST_FIRST);
    TreeMap<Integer, Finding> kept = new TreeMap<>();
    for (Candidate c : candidates) {
      Finding f = c.finding;
      Map.Entry<Integer, Finding> before = kept.floorEntry(f.start());
      Map.Entry<Integer, Finding> after = kept.ceilingEntry(f.start());
      boolean overlaps =
          (before != null && before.getValue().end() > f.start())
              || (after != null && after.getKey() < f.end());
      if (!overlaps) {
        kept.put(f.start(), f);
      }
    }
    return new ArrayList<>(kept.values());
  }

  private static final class Candidate {
    final Finding finding;
    final Specificity specificity;
    final int ruleOrder;

    Candidate(Finding finding, Specificity specificity, int ruleOrder) {
      this.finding = finding;
      this.specificity = specificity;
      this.ruleOrder = ruleOrder;
    }
  }
}
