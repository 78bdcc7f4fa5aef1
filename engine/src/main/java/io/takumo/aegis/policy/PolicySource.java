package io.takumo.aegis.policy;

import java.util.Map;

/**
 * The local policy as the settings give it: the policy file's document (its {@code rules} and
 * {@code allowlist}), the {@code disable} and {@code generic-names} settings, and the file's path
 * for messages. The agent's configuration builds it; this package reads no settings itself.
 */
public final class PolicySource {

  final Map<String, ?> document;
  final String disable;
  final String genericNames;
  final String file;

  /**
   * @param document the policy file as read, empty without one
   * @param disable built-in rule ids, comma-separated (may be empty)
   * @param genericNames extra assignment names, comma-separated (may be empty)
   * @param file the policy file's path, empty without one
   */
  public PolicySource(Map<String, ?> document, String disable, String genericNames, String file) {
    this.document = document;
    this.disable = disable;
    this.genericNames = genericNames;
    this.file = file;
  }
}
