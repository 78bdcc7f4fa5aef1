package io.takumo.aegis.restore;

/**
 * Follows a text that may itself be JSON (tool-call arguments, structured output), just far enough
 * to tell whether the next char sits inside one of its string literals.
 *
 * <p>Fed one char at a time, so it works across the pieces of a delta stream. Anything that cannot
 * appear outside a string in JSON ({@code [Note] see …}) switches it to plain text for good, so
 * prose that merely starts with a bracket is not mistaken for JSON.
 */
final class InnerJson {

  /** What a text is known to be before its first char. */
  enum Syntax {
    /** Plain text: restored values go in as they are. */
    TEXT,
    /** JSON text (tool-call arguments, {@code partial_json}). */
    JSON,
    /** JSON if its first non-blank char opens an object or an array, else plain text. */
    DETECT
  }

  private enum State {
    UNDECIDED,
    TEXT,
    OUTSIDE_STRING,
    IN_STRING,
    AFTER_BACKSLASH
  }

  private State state;

  InnerJson(Syntax syntax) {
    if (syntax == Syntax.TEXT) {
      state = State.TEXT;
    } else if (syntax == Syntax.JSON) {
      state = State.OUTSIDE_STRING;
    } else {
      state = State.UNDECIDED;
    }
  }

  /** Whether the next char is inside a JSON string literal of the text. */
  boolean inString() {
    return state == State.IN_STRING;
  }

  /** Whether the next char is the one after a backslash, so cannot start a token. */
  boolean afterBackslash() {
    return state == State.AFTER_BACKSLASH;
  }

  void advance(char c) {
    switch (state) {
      case UNDECIDED:
        if (c == '{' || c == '[') {
          state = State.OUTSIDE_STRING;
        } else if (!isBlank(c)) {
          state = State.TEXT;
        }
        break;
      case OUTSIDE_STRING:
        if (c == '"') {
          state = State.IN_STRING;
        } else if (!mayAppearOutsideString(c)) {
          state = State.TEXT;
        }
        break;
      case IN_STRING:
        if (c == '\\') {
          state = State.AFTER_BACKSLASH;
        } else if (c == '"') {
          state = State.OUTSIDE_STRING;
        }
        break;
      case AFTER_BACKSLASH:
        state = State.IN_STRING;
        break;
      default:
        break;
    }
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  /** Blanks, punctuation, numbers and the letters of true, false and null. */
  private static boolean mayAppearOutsideString(char c) {
    return isBlank(c)
        || "{}[],:".indexOf(c) >= 0
        || (c >= '0' && c <= '9')
        || "-+.eE".indexOf(c) >= 0
        || "truefalsn".indexOf(c) >= 0;
  }
}
