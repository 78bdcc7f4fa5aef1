package io.takumo.aegis.detect;

/** Decides whether a candidate span of a text really is a secret, e.g. by verifying a checksum. */
@FunctionalInterface
public interface SpanCheck {

  SpanCheck ANY = (text, start, end) -> true;

  boolean accepts(CharSequence text, int start, int end);

  /** Rejects spans that contain {@code part}, e.g. the {@code EXAMPLE} of documented keys. */
  static SpanCheck notContaining(String part) {
    return (text, start, end) -> text.subSequence(start, end).toString().indexOf(part) < 0;
  }
}
