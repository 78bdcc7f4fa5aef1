package io.takumo.aegis.rewrite;

import io.takumo.aegis.detect.Detector;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.vault.Tokenizer;
import java.util.List;

/** Replaces every secret the detector finds in a text by its token, counting by rule. */
final class SecretReplacer {

  private final Detector detector;
  private final Tokenizer tokenizer;

  SecretReplacer(Detector detector, Tokenizer tokenizer) {
    this.detector = detector;
    this.tokenizer = tokenizer;
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
    return replace(text, find(name, text), counts);
  }

  /** The secrets in {@code text}, named {@code name} (null if none): sorted, never overlapping. */
  List<Finding> find(String name, String text) {
    return name == null ? detector.find(text) : detector.findNamed(name, text);
  }

  /** Returns {@code text} with each of {@code findings} replaced by its token. */
  String replace(String text, List<Finding> findings, Tally counts) {
    if (findings.isEmpty()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : findings) {
      out.append(text, at, f.start());
      out.append(tokenize(text, f, counts));
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /** The token for the secret {@code f} found in {@code text}, counted. */
  String tokenize(String text, Finding f, Tally counts) {
    String token = tokenizer.tokenize(text.substring(f.start(), f.end()), f.hint());
    counts.add(f.ruleId(), token);
    return token;
  }
}
