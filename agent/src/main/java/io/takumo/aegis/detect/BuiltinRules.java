package io.takumo.aegis.detect;

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
   * All built-in rules, plus one that finds values assigned to {@code extraAssignmentNames} as the
   * generic rules find those of {@code password} or {@code api_key} (in any case and separator
   * style, as assignments or {@code --flags}). No names: the same as {@link #all()}.
   *
   * @throws IllegalArgumentException for a name that is not letters and digits between {@code _ -
   *     .} or spaces; the message names it
   */
  public static List<Rule> all(Collection<String> extraAssignmentNames) {
    if (extraAssignmentNames.isEmpty()) {
      return ALL;
    }
    List<Rule> rules = new ArrayList<>(ALL);
    rules.add(AssignmentRules.extraNames(extraAssignmentNames));
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
    rules.add(AssignmentRules.secret());
    return rules;
  }
}
