package io.takumo.aegis.detect;

/**
 * A rule whose keyword occurrences must first pass a cheap test ({@link GatedRule.Gate}). The
 * detector applies it as the prefilter reports each occurrence, so that the many occurrences it
 * drops (in source code most {@code token}, {@code auth} or {@code http}) are never stored.
 */
interface KeywordGated {

  GatedRule.Gate gate();
}
