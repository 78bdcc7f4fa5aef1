package io.takumo.aegis.restore;

/**
 * Follows a text that may itself be JSON (tool-call arguments, structured output), just far enough
 * to tell whether the next char sits inside one of its string literals.
 *
 * <p>Fed one char at a time, so it works across the pieces of a delta stream. Anything that cannot
 * appear outside a string in JSON (a word other than true, false and null, as in {@code [1] see
 * …}) switches it to plain text for good, so prose that merely starts with a bracket is not
 * mistaken for JSON.
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
    IN_KEYWORD,
    IN_STRING,
    AFTER_BACKSLASH
  }

  private static final String[] KEYWORDS = {"true", "false", "null"};

  private State state;
  /** Outside strings: the char before, to check the few chars only valid after another. */
  private char previous = ' ';
  private String keyword;
  private int keywordLength;

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

  /** Whether the text is known to be plain, for good: no later char changes the state. */
  boolean isPlainText() {
    return state == State.TEXT;
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
        outsideString(c);
        break;
      case IN_KEYWORD:
        if (c != keyword.charAt(keywordLength++)) {
          state = State.TEXT;
        } else if (keywordLength == keyword.length()) {
          state = State.OUTSIDE_STRING;
          previous = ' ';
        }
        break;
      case IN_STRING:
        if (c == '\\') {
          state = State.AFTER_BACKSLASH;
        } else if (c == '"') {
          state = State.OUTSIDE_STRING;
          previous = ' ';
        }
        break;
      case AFTER_BACKSLASH:
        state = State.IN_STRING;
        break;
      default:
        break;
    }
  }

  /** Accepts blanks, punctuation, numbers and the three keywords; anything else means prose. */
  private void outsideString(char c) {
    if (c == '"') {
      state = State.IN_STRING;
    } else if (c == 't' || c == 'f' || c == 'n') {
      for (String word : KEYWORDS) {
        if (word.charAt(0) == c) {
          keyword = word;
        }
      }
      keywordLength = 1;
      state = State.IN_KEYWORD;
    } else if (!isBlank(c) && "{}[],:-0123456789".indexOf(c) < 0 && !continuesNumber(c)) {
      state = State.TEXT;
    }
    previous = c;
  }

  private boolean continuesNumber(char c) {
    boolean afterDigit = previous >= '0' && previous <= '9';
    if (c == '.' || c == 'e' || c == 'E') {
      return afterDigit;
    }
    return c == '+' && (previous == 'e' || previous == 'E');
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
}
