package io.takumo.aegis.rewrite;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What one body's rewrite replaced so far: a count per rule id and the distinct tokens issued. */
final class Tally {

  private final Map<String, Integer> countsByRule = new HashMap<>();
  private final Set<String> tokens = new LinkedHashSet<>();

  void add(String ruleId, String token) {
    countsByRule.merge(ruleId, 1, Integer::sum);
    tokens.add(token);
  }

  Map<String, Integer> countsByRule() {
    return countsByRule;
  }

  Set<String> tokens() {
    return tokens;
  }
}
