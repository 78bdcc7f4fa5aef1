package io.takumo.aegis.rewrite;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.vault.Vault;
import java.util.List;

/** Replaces every secret the detector finds in a text by its vault token, counting by rule. */
final class SecretReplacer {

  private final Detector detector;
  private final Vault vault;

  SecretReplacer(Detector detector, Vault vault) {
    this.detector = detector;
    this.vault = vault;
  }

  /** Returns {@code text} itself when it holds no secret. */
  String replace(String text, Tally counts) {
    return replace(null, text, counts);
  }

  /**
   * As {@link #replace(String, Tally)} for a value named {@code name} (a JSON field; null if none),
   * so that {@code "password": "…"} is caught although the value alone says nothing.
   */
  String replace(String name, String text, Tally counts) {
    List<Finding> findings = name == null ? detector.find(text) : detector.findNamed(name, text);
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : findings) {
      out.append(text, at, f.start());
      String token = vault.tokenize(text.substring(f.start(), f.end()), f.hint());
      out.append(token);
      counts.add(f.ruleId(), token);
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }
}
