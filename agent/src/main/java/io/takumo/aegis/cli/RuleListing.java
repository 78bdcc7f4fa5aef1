package io.takumo.aegis.cli;

import io.takumo.aegis.detect.catalogue.BuiltinRules;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.policy.DetectionPolicy;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code scan --list-rules}: the rules the scan (and the agent, under the same policy) runs, one a
 * line ({@code id  kind  hint  description  [keywords]}) or as JSON, built-in rules first, then the
 * policy's custom rules.
 */
final class RuleListing {

  private RuleListing() {}

  static void print(DetectionPolicy policy, String format, PrintStream out) {
    Set<String> builtin = new HashSet<>();
    for (Rule rule : BuiltinRules.all()) {
      builtin.add(rule.id());
    }
    List<Rule> rules = policy.rules();
    if (format.equals("json")) {
      StringBuilder json = new StringBuilder("{\"count\":").append(rules.size()).append(",\"rules\":[");
      for (int i = 0; i < rules.size(); i++) {
        Rule rule = rules.get(i);
        json.append(i == 0 ? "" : ",").append("\n{\"id\":").append(Json.quote(rule.id()))
            .append(",\"kind\":").append(Json.quote(kind(rule)))
            .append(",\"hint\":").append(Json.quote(rule.hint()))
            .append(",\"source\":").append(Json.quote(builtin.contains(rule.id()) ? "built-in" : "policy"))
            .append(",\"description\":").append(Json.quote(description(policy, rule)))
            .append(",\"keywords\":[");
        for (int k = 0; k < rule.keywords().size(); k++) {
          json.append(k == 0 ? "" : ",").append(Json.quote(rule.keywords().get(k)));
        }
        json.append("]}");
      }
      out.println(json.append("\n]}"));
      return;
    }
    for (Rule rule : rules) {
      String description = description(policy, rule);
      out.println(rule.id() + "  " + kind(rule) + "  " + rule.hint()
          + (description.isEmpty() ? "" : "  " + description)
          + "  [" + String.join(", ", rule.keywords()) + "]"
          + (builtin.contains(rule.id()) ? "" : "  (policy)"));
    }
  }

  /** Format, context or generic: which of two overlapping findings wins (docs/detection-rules.md). */
  private static String kind(Rule rule) {
    switch (rule.specificity()) {
      case PROVIDER:
        return "format";
      case CONTEXTUAL:
        return "context";
      default:
        return rule.specificity().name().toLowerCase(Locale.ROOT);
    }
  }

  private static String description(DetectionPolicy policy, Rule rule) {
    String custom = policy.description(rule.id());
    return custom != null ? custom : rule.description();
  }
}
