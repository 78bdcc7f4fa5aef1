package io.takumo.aegis.policy;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import java.util.ArrayList;
import java.util.List;

/** A detector that drops the findings whose values the policy's allowlist allows. */
final class AllowlistedDetector implements Detector {

  private final Detector detector;
  private final Allowlist allowlist;

  AllowlistedDetector(Detector detector, Allowlist allowlist) {
    this.detector = detector;
    this.allowlist = allowlist;
  }

  @Override
  public List<Finding> find(CharSequence text) {
    return withoutAllowed(text, detector.find(text));
  }

  @Override
  public List<Finding> findNamed(String name, CharSequence value) {
    return withoutAllowed(value, detector.findNamed(name, value));
  }

  private List<Finding> withoutAllowed(CharSequence text, List<Finding> found) {
    if (found.isEmpty()) {
      return found;
    }
    List<Finding> kept = new ArrayList<>(found.size());
    for (Finding f : found) {
      if (!allowlist.allowsValue(text.subSequence(f.start(), f.end()))) {
        kept.add(f);
      }
    }
    return kept;
  }
}
