package io.takumo.aegis.detect;

/**
 * How much a rule's match says about what it found. When two findings overlap, the one from the
 * more specific rule wins, whatever their lengths.
 */
public enum Specificity {
  /** Any value assigned to a name like {@code password} or {@code api_key}. */
  GENERIC,
  /** A value whose shape alone is not enough, recognised by what surrounds it. */
  CONTEXTUAL,
  /** A format only one provider issues, e.g. a prefix plus a fixed-length body. */
  PROVIDER
}
