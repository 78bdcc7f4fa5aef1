package io.takumo.aegis.policy;

import com.google.re2j.Pattern;
import io.takumo.aegis.detect.rule.RegexRule;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.vault.TokenFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code rules:} list of a policy file: the user's own secret formats, each an RE2/J regex.
 *
 * <pre>
 * rules:
 *   - id: acme-api-key          # required: letters, digits, . _ -
 *     regex: 'acme_([A-Za-z0-9]{32})'
 *     keywords: [acme_]          # optional: the regex only runs on texts holding one (any case)
 *     secret-group: 1            # optional: the capture group that is the secret (default: all)
 *     min-entropy: 3.0           # optional: bits per char the secret must reach
 *     description: ACME API key  # optional: shown in SARIF output
 *     hint: acme                 # optional: token type hint, 2-4 of [a-z0-9] (default sec)
 * </pre>
 */
final class CustomRules {

  static final Set<String> FIELDS =
      new LinkedHashSet<>(
          Arrays.asList("id", "regex", "keywords", "secret-group", "min-entropy", "description", "hint"));

  /** The rules, in file order. */
  final List<Rule> rules = new ArrayList<>();

  /** Rule id to description, for the rules that have one. */
  final Map<String, String> descriptions = new LinkedHashMap<>();

  /** None yet: {@link #add} adds them one by one. */
  CustomRules() {}

  /** The policy file's rules: the first mistake throws. */
  CustomRules(Object list) {
    if (list == null) {
      return;
    }
    if (!(list instanceof List)) {
      throw new InvalidPolicyException("rules must be a list");
    }
    int n = 0;
    for (Object item : (List<?>) list) {
      n++;
      if (!(item instanceof Map)) {
        throw new InvalidPolicyException("rules: entry " + n + " must be a map with id and regex");
      }
      add((Map<?, ?>) item, n);
    }
  }

  /**
   * Adds the rule {@code map} describes, entry {@code n} of its list.
   *
   * @throws InvalidPolicyException naming the rule (or the entry, without a valid id); nothing added
   */
  void add(Map<?, ?> map, int n) {
    String id = Fields.string(map, "id", "rules: entry " + n);
    if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new InvalidPolicyException(
          "rules: entry " + n + " needs an id of letters, digits, '.', '_' and '-' (at most 64)");
    }
    String where = "rule '" + id + "'";
    Fields.onlyKnown(map, FIELDS, where);
    String regex = Fields.string(map, "regex", where);
    if (regex == null || regex.isEmpty()) {
      throw new InvalidPolicyException(where + ": no regex");
    }
    String hint = Fields.string(map, "hint", where);
    if (hint != null && !TokenFormat.isValidHint(hint)) {
      throw new InvalidPolicyException(where + ": hint must be 2-4 chars of [a-z0-9]");
    }
    Pattern pattern = PolicyRegex.compile(regex, where);
    RegexRule.Builder rule = RegexRule.builder(id, hint == null ? "sec" : hint).pattern(regex);
    List<String> keywords = Fields.strings(map.get("keywords"), where + ": keywords");
    for (String keyword : keywords) {
      if (keyword.isEmpty() || !keyword.chars().allMatch(c -> c >= ' ' && c < 127)) {
        throw new InvalidPolicyException(where + ": keywords must be printable ASCII");
      }
    }
    rule.keywords(keywords.toArray(new String[0]));
    String group = Fields.string(map, "secret-group", where);
    if (group != null) {
      if (!group.matches("[0-9]{1,2}") || Integer.parseInt(group) > pattern.groupCount()) {
        throw new InvalidPolicyException(
            where + ": secret-group must be the number of a group in the regex (it has " + pattern.groupCount() + ")");
      }
      rule.secretGroups(Integer.parseInt(group));
    }
    String entropy = Fields.string(map, "min-entropy", where);
    if (entropy != null) {
      rule.minEntropy(bitsPerChar(entropy, where));
    }
    String description = Fields.string(map, "description", where);
    rules.add(rule.build());
    if (description != null) {
      descriptions.put(id, description);
    }
  }

  private static double bitsPerChar(String value, String where) {
    try {
      double d = Double.parseDouble(value);
      if (d >= 0 && d <= 8) {
        return d;
      }
    } catch (NumberFormatException e) {
      // the one message below says what is expected
    }
    throw new InvalidPolicyException(where + ": min-entropy must be a number from 0 to 8 (bits per char)");
  }
}
