package io.takumo.aegis.policy;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Setting;
import io.takumo.aegis.detect.BuiltinRules;
import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.SecretDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What to detect, from the policy file and settings: the built-in rules minus {@code disable}, the
 * generic assignment rule widened by {@code generic-names}, the custom {@code rules}, and the
 * {@code allowlist}. The agent's engine and {@code takumo-aegis scan} both build their detector
 * here, so a local scan finds exactly what the agent would tokenize.
 */
public final class DetectionPolicy {

  private final List<Rule> rules;
  private final Detector detector;
  private final Allowlist allowlist;
  private final Map<String, String> descriptions;

  private DetectionPolicy(List<Rule> rules, Allowlist allowlist, Map<String, String> descriptions) {
    this.rules = Collections.unmodifiableList(rules);
    SecretDetector secrets = new SecretDetector(rules);
    this.detector = allowlist.hasValues() ? new AllowlistedDetector(secrets, allowlist) : secrets;
    this.allowlist = allowlist;
    this.descriptions = descriptions;
  }

  /** The built-in rules, nothing else. */
  public static DetectionPolicy builtIn() {
    return new DetectionPolicy(
        new ArrayList<>(BuiltinRules.all()), Allowlist.EMPTY, Collections.<String, String>emptyMap());
  }

  /**
   * The policy {@code config} describes.
   *
   * @throws InvalidPolicyException naming the rule or entry at fault (never quoting a value)
   */
  public static DetectionPolicy of(AegisConfig config) {
    Map<String, Object> document = config.policyDocument();
    Set<String> disabled = new HashSet<>(Fields.commaSeparated(config.get(Setting.DISABLE)));
    Set<String> genericNames = new LinkedHashSet<>(Fields.commaSeparated(config.get(Setting.GENERIC_NAMES)));
    List<Rule> builtIn;
    try {
      builtIn = BuiltinRules.all(genericNames);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException("generic-names: " + e.getMessage());
    }
    Set<String> unknown = new LinkedHashSet<>(disabled);
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Rule rule : builtIn) {
      unknown.remove(rule.id());
      if (!disabled.contains(rule.id())) {
        rules.add(rule);
        ids.add(rule.id());
      }
    }
    if (!unknown.isEmpty()) {
      throw new InvalidPolicyException("disable: no built-in rule " + String.join(", ", unknown));
    }
    CustomRules custom = new CustomRules(document.get("rules"));
    for (Rule rule : custom.rules) {
      if (!ids.add(rule.id())) {
        throw new InvalidPolicyException(
            "rule '" + rule.id() + "': id already in use (disable the built-in rule to replace it)");
      }
      rules.add(rule);
    }
    return new DetectionPolicy(rules, new Allowlist(document.get("allowlist")), custom.descriptions);
  }

  /**
   * The policy {@code config} describes or, if it is invalid, the built-in rules only, after
   * passing one line saying why to {@code onError}.
   */
  public static DetectionPolicy orBuiltIn(AegisConfig config, Consumer<String> onError) {
    try {
      return of(config);
    } catch (InvalidPolicyException e) {
      String file = config.get(Setting.POLICY);
      onError.accept(
          "policy" + (file.isEmpty() ? "" : " file " + file) + ": " + e.getMessage()
              + "; using the built-in rules only");
      return builtIn();
    }
  }

  /** Finds the secrets this policy defines, leaving allowlisted values out. */
  public Detector detector() {
    return detector;
  }

  /** The rules the detector runs, built-in ones first. */
  public List<Rule> rules() {
    return rules;
  }

  public Allowlist allowlist() {
    return allowlist;
  }

  /** A custom rule's description, or null. */
  public String description(String ruleId) {
    return descriptions.get(ruleId);
  }
}
