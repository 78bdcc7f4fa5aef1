package io.takumo.aegis.detect.catalogue;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.detect.rule.AssignmentRules;
import io.takumo.aegis.detect.rule.PemPrivateKeyRule;
import io.takumo.aegis.detect.rule.SentenceRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The rules a {@link SecretDetector} runs by default: provider token formats, private keys,
 * credentials in generic formats, and values assigned to secret-sounding names. {@code
 * docs/detection-rules.md} lists them; a test keeps that list in step.
 */
public final class BuiltinRules {

  private static final List<Rule> ALL = Collections.unmodifiableList(build());

  private BuiltinRules() {}

  /** All built-in rules, provider formats first. */
  public static List<Rule> all() {
    return ALL;
  }

  /**
   * All built-in rules, the generic {@code secret-assignment} rule also finding values assigned to
   * {@code extraAssignmentNames} (in any case and separator style, as assignments, {@code --flags}
   * or named values). No names: the same as {@link #all()}.
   *
   * @throws IllegalArgumentException for a name that is not a letter, then letters, digits, {@code
   *     _} and {@code -}; the message names it
   */
  public static List<Rule> all(Collection<String> extraAssignmentNames) {
    if (extraAssignmentNames.isEmpty()) {
      return ALL;
    }
    Rule secret = AssignmentRules.secret(extraAssignmentNames);
    List<Rule> rules = new ArrayList<>(ALL);
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals(secret.id())) {
        rules.set(i, secret);
      }
    }
    return Collections.unmodifiableList(rules);
  }

  private static List<Rule> build() {
    List<Rule> rules = new ArrayList<>();
    rules.addAll(AiProviderRules.rules());
    // Before the PEM rule: a service account key file's key is named as such.
    rules.addAll(CloudRules.rules());
    rules.addAll(CodeHostingRules.rules());
    rules.addAll(SaasRules.rules());
    rules.add(new PemPrivateKeyRule());
    rules.addAll(CredentialRules.rules());
    rules.add(AssignmentRules.password());
    rules.add(SentenceRule.passwords());
    rules.add(AssignmentRules.secret());
    rules.add(SentenceRule.secrets());
    // Last, so that a hand-written rule wins a tie with a catalogue rule over the same span.
    rules.addAll(CatalogueRules.rules());
    return rules;
  }
}
