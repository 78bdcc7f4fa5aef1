package io.takumo.aegis.detect;

import io.takumo.aegis.detect.catalogue.BuiltinRules;
import io.takumo.aegis.detect.rule.AssignedValue;
import io.takumo.aegis.detect.rule.ExtraNameRule;
import io.takumo.aegis.vault.TokenFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Detector} that runs a list of {@link Rule}s and keeps the best of overlapping findings
 * (see {@link OverlapResolver}). A rule with keywords runs only on texts that contain one.
 */
public final class SecretDetector implements Detector {

  private final List<Rule> rules;
  private final KeywordScanner prefilter;
  private final int[] keywordLengths;

  /** Per rule, whether it has keywords; a rule without runs on every text. */
  private final boolean[] hasKeywords;

  /** Per prefilter keyword, the rules that have it. */
  private final int[][] rulesOfKeyword;

  /** Per rule, the gate its keyword occurrences must pass, or null. */
  private final KeywordGated.Gate[] gates;

  public SecretDetector(List<? extends Rule> rules) {
    this.rules = Collections.unmodifiableList(new ArrayList<>(rules));
    Set<String> ids = new HashSet<>();
    Map<String, Integer> keywordIndex = new LinkedHashMap<>();
    hasKeywords = new boolean[this.rules.size()];
    gates = new KeywordGated.Gate[this.rules.size()];
    List<List<Integer>> rulesByKeyword = new ArrayList<>();
    for (int r = 0; r < this.rules.size(); r++) {
      Rule rule = this.rules.get(r);
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("duplicate rule id: " + rule.id());
      }
      if (!TokenFormat.isValidHint(rule.hint())) {
        throw new IllegalArgumentException("rule " + rule.id() + ": invalid hint");
      }
      gates[r] = KeywordGated.gateOf(rule);
      List<String> keywords = rule.keywords();
      if (keywords.isEmpty()) {
        continue;
      }
      hasKeywords[r] = true;
      for (String keyword : keywords) {
        int k = keywordIndex.computeIfAbsent(keyword.toLowerCase(Locale.ROOT), w -> keywordIndex.size());
        if (k == rulesByKeyword.size()) {
          rulesByKeyword.add(new ArrayList<>());
        }
        if (!rulesByKeyword.get(k).contains(r)) {
          rulesByKeyword.get(k).add(r);
        }
      }
    }
    rulesOfKeyword = new int[rulesByKeyword.size()][];
    for (int k = 0; k < rulesOfKeyword.length; k++) {
      rulesOfKeyword[k] = rulesByKeyword.get(k).stream().mapToInt(Integer::intValue).toArray();
    }
    prefilter = new KeywordScanner(new ArrayList<>(keywordIndex.keySet()));
    keywordLengths = keywordIndex.keySet().stream().mapToInt(String::length).toArray();
  }

  /** A detector with {@link BuiltinRules#all()}. */
  public static SecretDetector withBuiltinRules() {
    return new SecretDetector(BuiltinRules.all());
  }

  public List<Rule> rules() {
    return rules;
  }

  @Override
  public List<Finding> find(CharSequence text) {
    KeywordOccurrences occurrences =
        new KeywordOccurrences(text, keywordLengths, rulesOfKeyword, gates);
    prefilter.scan(text, occurrences);
    OverlapResolver resolver = new OverlapResolver();
    List<Finding> found = new ArrayList<>();
    for (int r = 0; r < rules.size(); r++) {
      Rule rule = rules.get(r);
      found.clear();
      if (!hasKeywords[r]) {
        rule.findIn(text, found);
      } else if (!occurrences.of(r)) {
        continue;
      } else if (gates[r] != null) {
        ((KeywordGated) rule)
            .findNearPassed(
                text, occurrences.ends(), occurrences.lengths(), occurrences.count(), found);
      } else {
        rule.findNear(text, occurrences.ends(), occurrences.lengths(), occurrences.count(), found);
      }
      for (Finding f : found) {
        if (!isOwnToken(text, f)) {
          resolver.add(f, rule.specificity(), r);
        }
      }
    }
    return resolver.resolve();
  }

  /**
   * As {@link #find}, and when that finds nothing, the whole value if {@code name} marks it as a
   * password or secret ({@code "db_password": "…"}) and it looks like one.
   */
  @Override
  public List<Finding> findNamed(String name, CharSequence value) {
    List<Finding> found = find(value);
    if (!found.isEmpty() || name == null) {
      return found;
    }
    Finding whole = AssignedValue.find(name, value);
    for (int r = 0; whole == null && r < rules.size(); r++) {
      if (rules.get(r) instanceof ExtraNameRule) {
        whole = ((ExtraNameRule) rules.get(r)).findWhole(name, value);
      }
    }
    return whole == null || isOwnToken(value, whole) ? found : Collections.singletonList(whole);
  }

  /** A value that is already one of our tokens (e.g. from an earlier turn) is not re-tokenized. */
  private static boolean isOwnToken(CharSequence text, Finding f) {
    return TokenFormat.match(text, f.start()) == f.length();
  }
}
