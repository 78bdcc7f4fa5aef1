package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/** Runs the built-in detector and renders its findings as {@code rule-id=secret} for assertions. */
public final class Detect {

  public static final SecretDetector BUILTIN = SecretDetector.withBuiltinRules();

  private Detect() {}

  /** The findings in {@code text}, each as {@code rule-id=the exact substring it spans}. */
  public static List<String> found(String text) {
    return found(BUILTIN, text);
  }

  public static List<String> found(Detector detector, String text) {
    List<Finding> findings = detector.find(text);
    assertWellFormed(findings, text.length());
    List<String> rendered = new ArrayList<>();
    for (Finding f : findings) {
      rendered.add(hit(f.ruleId(), text.substring(f.start(), f.end())));
    }
    return rendered;
  }

  public static String hit(String ruleId, String secret) {
    return ruleId + "=" + secret;
  }

  /** Sorted by start, non-overlapping, inside the text: what {@link Detector} promises. */
  public static void assertWellFormed(List<Finding> findings, int textLength) {
    int previousEnd = 0;
    for (Finding f : findings) {
      assertTrue(f.start() >= previousEnd, "findings overlap or are out of order: " + findings);
      assertTrue(f.end() <= textLength, "finding past the end of the text: " + f);
      previousEnd = f.end();
    }
  }
}
