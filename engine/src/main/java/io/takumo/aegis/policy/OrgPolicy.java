package io.takumo.aegis.policy;

import io.takumo.aegis.detect.catalogue.BuiltinRules;
import io.takumo.aegis.detect.Rule;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The org policy a Takumo gateway delivers in the handshake (docs/gateway-protocol.md, "The org
 * policy"): the detection part of a policy file ({@code rules}, {@code allowlist}, {@code disable},
 * {@code generic-names}) as a JSON object, added to the local policy by {@link
 * DetectionPolicy#withOrg}.
 *
 * <p>Unlike the policy file, it is read leniently: the gateway's policy is not the user's to fix,
 * and one bad entry must not cost the org its other rules. An invalid rule or entry is left out
 * after one warning naming it (the rule id, or the entry's place; never a pattern or value), and
 * fields this agent does not know (a later gateway's additions) are ignored.
 */
public final class OrgPolicy {

  private static final Set<String> FIELDS =
      new LinkedHashSet<>(Arrays.asList("rules", "allowlist", "disable", "generic-names"));
  /** What each warning starts with. */
  public static final String WHERE = "org policy from the gateway: ";

  /** No org policy. */
  public static final OrgPolicy NONE =
      new OrgPolicy(new CustomRules(), Allowlist.EMPTY, Collections.<String>emptySet(), Collections.<String>emptySet());

  final CustomRules custom;
  final Allowlist allowlist;
  final Set<String> disabled;
  final Set<String> genericNames;

  private OrgPolicy(CustomRules custom, Allowlist allowlist, Set<String> disabled, Set<String> genericNames) {
    this.custom = custom;
    this.allowlist = allowlist;
    this.disabled = disabled;
    this.genericNames = genericNames;
  }

  /**
   * Reads the decrypted org policy object.
   *
   * @param warn gets one line per rule or entry left out
   * @param debug gets one line naming the fields ignored, if any
   */
  public static OrgPolicy parse(Map<String, ?> document, Consumer<String> warn, Consumer<String> debug) {
    Set<String> ignored = new LinkedHashSet<>();
    for (String key : document.keySet()) {
      if (!FIELDS.contains(key)) {
        ignored.add(key);
      }
    }
    Set<String> disabled = disabled(document.get("disable"), warn);
    Set<String> genericNames = genericNames(document.get("generic-names"), warn);
    CustomRules custom = rules(document.get("rules"), disabled, warn, ignored);
    Allowlist allowlist = allowlist(document.get("allowlist"), warn, ignored);
    if (!ignored.isEmpty()) {
      debug.accept(WHERE + "ignored field(s) this agent does not know: " + String.join(", ", ignored));
    }
    return new OrgPolicy(custom, allowlist, disabled, genericNames);
  }

  /**
   * This org policy without what would relax a local policy running the rules {@code localIds}:
   * its {@code disable} entries, its allowlist, and its rules that reuse one of those ids. Each
   * kind left out is one line to {@code warn}, with its count only.
   */
  OrgPolicy additionsTo(Set<String> localIds, Consumer<String> warn) {
    CustomRules added = new CustomRules();
    int reusing = 0;
    for (Rule rule : custom.rules) {
      if (localIds.contains(rule.id())) {
        reusing++;
      } else {
        added.rules.add(rule);
        if (custom.descriptions.containsKey(rule.id())) {
          added.descriptions.put(rule.id(), custom.descriptions.get(rule.id()));
        }
      }
    }
    ignored(warn, disabled.size(), "disable entries");
    ignored(warn, allowlist.size(), "allowlist entries");
    ignored(warn, reusing, "rules that reuse the id of a local or built-in rule");
    if (added.rules.size() == custom.rules.size() && disabled.isEmpty() && allowlist.size() == 0) {
      return this;
    }
    return new OrgPolicy(added, Allowlist.EMPTY, Collections.<String>emptySet(), genericNames);
  }

  private static void ignored(Consumer<String> warn, int count, String what) {
    if (count > 0) {
      warn.accept(WHERE + "ignored its " + count + " " + what + ": they would relax the local policy, and the org"
          + " policy may only add detection (org-policy-may-relax is false)");
    }
  }

  /** How many custom rules it adds. */
  public int customRuleCount() {
    return custom.rules.size();
  }

  /** How many allowlist values, regexes and path globs it adds. */
  public int allowlistEntryCount() {
    return allowlist.size();
  }

  private static Set<String> builtInIds() {
    Set<String> ids = new HashSet<>();
    for (Rule rule : BuiltinRules.all()) {
      ids.add(rule.id());
    }
    return ids;
  }

  private static Set<String> disabled(Object value, Consumer<String> warn) {
    Set<String> builtIn = builtInIds();
    Set<String> out = new LinkedHashSet<>();
    for (String id : strings(value, "disable", warn)) {
      if (builtIn.contains(id)) {
        out.add(id);
      } else {
        warn.accept(WHERE + "disable: no built-in rule '" + safeId(id) + "'; ignored");
      }
    }
    return out;
  }

  private static Set<String> genericNames(Object value, Consumer<String> warn) {
    Set<String> out = new LinkedHashSet<>();
    int n = 0;
    for (String name : strings(value, "generic-names", warn)) {
      n++;
      try {
        // The same check the policy file's names get; the message is not passed on: it quotes the name.
        BuiltinRules.all(Collections.singleton(name));
        out.add(name);
      } catch (IllegalArgumentException e) {
        warn.accept(WHERE + "generic-names: entry " + n
            + " is not a name (a letter, then letters, digits, _ and -); ignored");
      }
    }
    return out;
  }

  private static CustomRules rules(Object value, Set<String> disabled, Consumer<String> warn, Set<String> ignored) {
    CustomRules custom = new CustomRules();
    if (value == null) {
      return custom;
    }
    if (!(value instanceof List)) {
      warn.accept(WHERE + "rules must be a list; no org rule applies");
      return custom;
    }
    Set<String> builtIn = builtInIds();
    Set<String> ids = new HashSet<>();
    int n = 0;
    for (Object item : (List<?>) value) {
      n++;
      if (!(item instanceof Map)) {
        warn.accept(WHERE + "rules: entry " + n + " must be an object with id and regex; skipped");
        continue;
      }
      Map<String, Object> known = new LinkedHashMap<>();
      for (Map.Entry<?, ?> field : ((Map<?, ?>) item).entrySet()) {
        String key = String.valueOf(field.getKey());
        if (CustomRules.FIELDS.contains(key)) {
          known.put(key, field.getValue());
        } else {
          ignored.add("rules[]." + key);
        }
      }
      Object id = known.get("id");
      String name = id instanceof String ? (String) id : null;
      if (name != null && builtIn.contains(name) && !disabled.contains(name)) {
        warn.accept(WHERE + "rule '" + safeId(name) + "': id of a built-in rule (disable it in the org policy to"
            + " replace it); this rule is skipped, the rest of the org policy applies");
        continue;
      }
      if (name != null && !ids.add(name)) {
        warn.accept(WHERE + "rule '" + safeId(name) + "': a second rule of that id; this one is skipped");
        continue;
      }
      try {
        custom.add(known, n);
      } catch (InvalidPolicyException e) {
        warn.accept(WHERE + e.getMessage() + "; this rule is skipped, the rest of the org policy applies");
      }
    }
    return custom;
  }

  private static Allowlist allowlist(Object value, Consumer<String> warn, Set<String> ignored) {
    if (!(value instanceof Map)) {
      if (value != null) {
        warn.accept(WHERE + "allowlist must be an object of values, regexes and paths; no org allowlist applies");
      }
      return Allowlist.EMPTY;
    }
    Map<Object, Object> known = new LinkedHashMap<>();
    for (Map.Entry<?, ?> field : ((Map<?, ?>) value).entrySet()) {
      if (Allowlist.FIELDS.contains(String.valueOf(field.getKey()))) {
        known.put(field.getKey(), field.getValue());
      } else {
        ignored.add("allowlist." + field.getKey());
      }
    }
    return new Allowlist(known, problem -> warn.accept(WHERE + problem + "; that entry is skipped"));
  }

  private static List<String> strings(Object value, String field, Consumer<String> warn) {
    try {
      return Fields.strings(value, field);
    } catch (InvalidPolicyException e) {
      warn.accept(WHERE + e.getMessage() + "; ignored");
      return Collections.emptyList();
    }
  }

  /** A rule id as the gateway sent it, for a log line: only id characters, at most 64 of them. */
  private static String safeId(String id) {
    String s = id.replaceAll("[^A-Za-z0-9._-]", "?");
    return s.length() > 64 ? s.substring(0, 64) + "..." : s;
  }
}
