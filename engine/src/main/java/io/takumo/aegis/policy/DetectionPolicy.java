package io.takumo.aegis.policy;

import io.takumo.aegis.detect.catalogue.BuiltinRules;
import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.SecretDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What to detect, from the policy file and settings ({@link PolicySource}): the built-in rules
 * minus {@code disable}, the generic assignment rule widened by {@code generic-names}, the custom
 * {@code rules}, and the {@code allowlist}. The agent's engine and {@code takumo-aegis scan} both build their detector
 * here, so a local scan finds exactly what the agent would tokenize. In gateway mode both add the
 * org policy the gateway delivers ({@link #withOrg}).
 */
public final class DetectionPolicy {

  /** Built-in rule ids turned off. */
  private final Set<String> disabled;
  private final Set<String> genericNames;
  /** The custom rules, in order: the policy file's, then (merged with org-policy-may-relax) the org policy's. */
  private final List<Rule> customRules;
  private final List<Rule> rules;
  private final Detector detector;
  private final Allowlist allowlist;
  private final Map<String, String> descriptions;
  private final OrgPolicy org;

  /**
   * @param layered the org policy's rules that may only add findings ({@link LayeredDetector}); empty for none
   * @throws IllegalArgumentException for a generic name that is not one (checked by the callers)
   */
  private DetectionPolicy(Set<String> disabled, Set<String> genericNames, List<Rule> customRules,
      Allowlist allowlist, Map<String, String> descriptions, OrgPolicy org, List<Rule> layered) {
    this.disabled = disabled;
    this.genericNames = genericNames;
    this.customRules = customRules;
    List<Rule> rules = new ArrayList<>();
    for (Rule rule : BuiltinRules.all(genericNames)) {
      if (!disabled.contains(rule.id())) {
        rules.add(rule);
      }
    }
    rules.addAll(customRules);
    Detector secrets = new SecretDetector(rules);
    if (!layered.isEmpty()) {
      secrets = new LayeredDetector(secrets, new SecretDetector(layered));
      rules.addAll(org.custom.rules);
    }
    this.rules = Collections.unmodifiableList(rules);
    this.detector = allowlist.hasValues() ? new AllowlistedDetector(secrets, allowlist) : secrets;
    this.allowlist = allowlist;
    this.descriptions = descriptions;
    this.org = org;
  }

  /** The built-in rules, nothing else. */
  public static DetectionPolicy builtIn() {
    return new DetectionPolicy(Collections.<String>emptySet(), Collections.<String>emptySet(),
        Collections.<Rule>emptyList(), Allowlist.EMPTY, Collections.<String, String>emptyMap(),
        OrgPolicy.NONE, Collections.<Rule>emptyList());
  }

  /**
   * The policy {@code source} describes.
   *
   * @throws InvalidPolicyException naming the rule or entry at fault (never quoting a value)
   */
  public static DetectionPolicy of(PolicySource source) {
    Map<String, ?> document = source.document;
    Set<String> disabled = new LinkedHashSet<>(Fields.commaSeparated(source.disable));
    Set<String> genericNames = new LinkedHashSet<>(Fields.commaSeparated(source.genericNames));
    List<Rule> builtIn;
    try {
      builtIn = BuiltinRules.all(genericNames);
    } catch (IllegalArgumentException e) {
      throw new InvalidPolicyException("generic-names: " + e.getMessage());
    }
    Set<String> unknown = new LinkedHashSet<>(disabled);
    Set<String> ids = new HashSet<>();
    for (Rule rule : builtIn) {
      unknown.remove(rule.id());
      if (!disabled.contains(rule.id())) {
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
    }
    return new DetectionPolicy(disabled, genericNames, custom.rules, new Allowlist(document.get("allowlist")),
        custom.descriptions, OrgPolicy.NONE, Collections.<Rule>emptyList());
  }

  /**
   * This policy with the org policy added. By default ({@code mayRelax} false: the local setting
   * {@code org-policy-may-relax}) the org policy may only add detection: its {@code disable}
   * entries, its allowlist and its rules that reuse the id of a rule this policy runs would relax
   * this policy, so they are left out, with one {@code warn} line per kind giving the count (never
   * an id or a pattern); its rules and generic names find secrets only where this policy finds
   * none ({@link LayeredDetector}), so what this policy finds stays found, whole. With {@code
   * mayRelax}, the merge is the union of both policies, and an org rule replaces a policy-file rule
   * of the same id, which is said in one {@code debug} line.
   */
  public DetectionPolicy withOrg(OrgPolicy org, boolean mayRelax, Consumer<String> warn, Consumer<String> debug) {
    if (org == OrgPolicy.NONE) {
      return this;
    }
    if (!mayRelax) {
      return adding(org.additionsTo(ruleIds(), warn));
    }
    Set<String> orgIds = new HashSet<>();
    for (Rule rule : org.custom.rules) {
      orgIds.add(rule.id());
    }
    List<Rule> custom = new ArrayList<>();
    Map<String, String> merged = new LinkedHashMap<>();
    Set<String> replaced = new LinkedHashSet<>();
    for (Rule rule : customRules) {
      if (orgIds.contains(rule.id())) {
        replaced.add(rule.id());
      } else {
        custom.add(rule);
        if (descriptions.containsKey(rule.id())) {
          merged.put(rule.id(), descriptions.get(rule.id()));
        }
      }
    }
    if (!replaced.isEmpty()) {
      debug.accept(OrgPolicy.WHERE + "its rule(s) " + String.join(", ", replaced)
          + " replace the policy file's rule(s) of the same id (org-policy-may-relax is true)");
    }
    custom.addAll(org.custom.rules);
    merged.putAll(org.custom.descriptions);
    Set<String> allDisabled = new LinkedHashSet<>(disabled);
    allDisabled.addAll(org.disabled);
    Set<String> allNames = new LinkedHashSet<>(genericNames);
    allNames.addAll(org.genericNames);
    return new DetectionPolicy(allDisabled, allNames, custom, Allowlist.union(allowlist, org.allowlist), merged, org,
        Collections.<Rule>emptyList());
  }

  /** This policy with the additions of an org policy layered on it: rules, and generic names. */
  private DetectionPolicy adding(OrgPolicy additions) {
    List<Rule> layered = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(genericNames);
    if (names.addAll(additions.genericNames)) {
      // The generic rule widened by the org's names: the one rule that differs from this policy's.
      List<Rule> mine = BuiltinRules.all(genericNames);
      List<Rule> wider = BuiltinRules.all(names);
      for (int i = 0; i < wider.size(); i++) {
        if (wider.get(i) != mine.get(i) && !disabled.contains(wider.get(i).id())) {
          layered.add(wider.get(i));
        }
      }
    }
    layered.addAll(additions.custom.rules);
    Map<String, String> merged = new LinkedHashMap<>(descriptions);
    merged.putAll(additions.custom.descriptions);
    return new DetectionPolicy(disabled, genericNames, customRules, allowlist, merged, additions, layered);
  }

  /** The ids of the rules this policy runs. */
  private Set<String> ruleIds() {
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      ids.add(rule.id());
    }
    return ids;
  }

  /** The part of the org policy this policy holds ({@link OrgPolicy#NONE} for a local policy). */
  public OrgPolicy org() {
    return org;
  }

  /**
   * The policy {@code source} describes or, if it is invalid, the built-in rules only, after
   * passing one line saying why to {@code onError}.
   */
  public static DetectionPolicy orBuiltIn(PolicySource source, Consumer<String> onError) {
    try {
      return of(source);
    } catch (InvalidPolicyException e) {
      String file = source.file;
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
