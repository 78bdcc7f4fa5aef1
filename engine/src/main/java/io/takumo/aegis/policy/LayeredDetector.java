package io.takumo.aegis.policy;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import java.util.ArrayList;
import java.util.List;

/**
 * The local policy's detector, plus the org policy's rules where they find something the local
 * policy does not. An added finding that overlaps a local one is dropped, whatever its rule or
 * length: in one detector, a longer overlapping finding would win and the rest of the local secret
 * would be sent as it is, so an org rule could cut a local finding short. Layered, the local
 * findings are exactly those of the local policy alone.
 */
final class LayeredDetector implements Detector {

  private final Detector local;
  private final Detector added;

  LayeredDetector(Detector local, Detector added) {
    this.local = local;
    this.added = added;
  }

  @Override
  public List<Finding> find(CharSequence text) {
    return merge(local.find(text), added.find(text));
  }

  @Override
  public List<Finding> findNamed(String name, CharSequence value) {
    return merge(local.findNamed(name, value), added.findNamed(name, value));
  }

  /** {@code first}, plus each of {@code more} that overlaps none of it; both sorted and disjoint. */
  private static List<Finding> merge(List<Finding> first, List<Finding> more) {
    if (more.isEmpty()) {
      return first;
    }
    List<Finding> out = new ArrayList<>(first.size() + more.size());
    int i = 0;
    for (Finding f : more) {
      while (i < first.size() && first.get(i).end() <= f.start()) {
        out.add(first.get(i++));
      }
      if (i == first.size() || first.get(i).start() >= f.end()) {
        out.add(f);
      }
    }
    while (i < first.size()) {
      out.add(first.get(i++));
    }
    return out;
  }
}
