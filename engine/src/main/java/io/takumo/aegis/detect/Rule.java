package io.takumo.aegis.detect;

import java.util.List;

/**
 * One kind of secret and how to find it.
 *
 * <p>A rule is immutable and thread-safe. It may report findings that overlap each other or another
 * rule's: the {@link SecretDetector} resolves overlaps.
 */
public interface Rule {

  /** A stable id such as {@code openai-api-key}, unique within a detector. */
  String id();

  /** The token type hint for this kind of secret, 2–4 chars of {@code [a-z0-9]}. */
  String hint();

  /** What this rule finds, in a line of prose, for listings ({@code scan --list-rules}); may be empty. */
  default String description() {
    return "";
  }

  /** Decides which of two overlapping findings wins. */
  Specificity specificity();

  /**
   * Lower-case ASCII strings of which at least one occurs, ignoring case, in every text this rule
   * can find a secret in. The detector skips the rule for texts that contain none of them. Empty:
   * the rule always runs.
   */
  List<String> keywords();

  /** Adds to {@code out} a finding for each secret of this kind in {@code text}. */
  void findIn(CharSequence text, List<Finding> out);

  /**
   * As {@link #findIn}, told where this rule's keywords occur in {@code text} (the detector finds
   * all rules' keywords in one pass): occurrence {@code i} spans {@code [ends[i] - lengths[i],
   * ends[i])}; occurrences come in order of end. By default they are ignored.
   */
  default void findNear(CharSequence text, int[] ends, int[] lengths, int count, List<Finding> out) {
    findIn(text, out);
  }
}
