package io.takumo.aegis.rewrite;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.vault.Vault;
import java.util.List;
import java.util.Map;

/** Replaces every secret the detector finds in a text by its vault token, counting by rule. */
final class SecretReplacer {

  private final Detector detector;
  private final Vault vault;

  SecretReplacer(Detector detector, Vault vault) {
    this.detector = detector;
    this.vault = vault;
  }

  /** Returns {@code text} itself when it holds no secret. */
  String replace(String text, Map<String, Integer> counts) {
    return replace(null, text, counts);
  }

  /**
   * As {@link #replace(String, Map)} for a value named {@code name} (a JSON field; null if none),
   * so that {@code "password": "…"} is caught although the value alone says nothing.
   */
  String replace(String name, String text, Map<String, Integer> counts) {
    List<Finding> findings = name == null ? detector.find(text) : detector.findNamed(name, text);
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : findings) {
      out.append(text, at, f.start());
      out.append(vault.tokenize(text.substring(f.start(), f.end()), f.hint()));
      counts.merge(f.ruleId(), 1, Integer::sum);
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }
}
