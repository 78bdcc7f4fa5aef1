package io.takumo.aegis.detect.heuristic;

/**
 * Where an unquoted value ends. The assignment grammar stops a bare value at whitespace, quotes,
 * brackets, {@code ,;&<>} and at escaped newlines or tabs, which is right for lists, query strings,
 * connection strings and code ({@code token=abc&user=bob}, {@code Password=x;Host=y}, {@code
 * f(secret=x)}), but cuts a password such as {@code Tr0ub4dor&3"q\é9x} in an env line short and
 * lets its rest through. {@link #extend} takes the value on through such a char up to the next
 * whitespace when what follows is not the next item of a list, markup, a template, a call or an
 * index.
 */
public final class BareValue {

  private BareValue() {}

  /** Whether {@code c} ends a bare value for the grammar: whitespace, a quote, a bracket, {@code ,;&<>}. */
  public static boolean isStop(char c) {
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\f':
      case '\r':
      case '"':
      case '\'':
      case '`':
      case ',':
      case ';':
      case '&':
      case '<':
      case '>':
      case '(':
      case ')':
      case '{':
      case '}':
      case '[':
      case ']':
        return true;
      default:
        return false;
    }
  }

  /**
   * Whether a backslash before {@code c} ends a bare value: an escaped newline, tab or quote, or a
   * bracket escaped in Markdown ({@code id_token: true\}}).
   */
  public static boolean endsAtEscape(char c) {
    switch (c) {
      case 'n':
      case 'r':
      case 't':
      case 'u':
      case '"':
      case '\'':
      case '`':
      case '\\':
      case '(':
      case ')':
      case '{':
      case '}':
      case '[':
      case ']':
        return true;
      default:
        return false;
    }
  }

  /**
   * The end of the bare value {@code text[start, end)} taken on through the chars that stopped it,
   * up to the next whitespace (at most past {@link PlausibleValue#MAX_LENGTH}), when they belong
   * to it; {@code end} when they do not.
   */
  public static int extend(CharSequence text, int start, int end) {
    int n = text.length();
    int limit = Math.min(n, start + PlausibleValue.MAX_LENGTH + 1);
    int i = end;
    while (i < limit) {
      char c = text.charAt(i);
      if (isWhitespace(c)) {
        break;
      }
      if (c == '\\') {
        // \n \t \" (in a JSON string) and \} (in Markdown) end the value; any other
        // backslash is part of it.
        if (i + 1 >= n || isWhitespace(text.charAt(i + 1)) || endsJsonValue(text.charAt(i + 1))) {
          break;
        }
        i += 2;
      } else if (!isStop(c)) {
        i++;
      } else if (continuesThrough(text, start, i)) {
        i++;
      } else {
        break;
      }
    }
    return Math.min(i, limit);
  }

  /** Whether the stop char at {@code i} belongs to the value that starts at {@code start}. */
  private static boolean continuesThrough(CharSequence text, int start, int i) {
    int n = text.length();
    if (i + 1 >= n || isWhitespace(text.charAt(i + 1))) {
      return false; // trailing punctuation: "x = abc;", "(token=abc)", "abc,"
    }
    char c = text.charAt(i);
    char next = text.charAt(i + 1);
    switch (c) {
      case '&':
        // "&user=bob", "&&", "&amp;"
        return next != '&' && next != '#' && !isNextItem(text, i + 1) && !startsWith(text, i + 1, "amp;");
      case ';':
      case ',':
        // ";Host=x", ", next", "a,b": only digits and symbols go on ("Tr0ub,4dor")
        return !isStop(next) && !isNameStart(next) && next != '\\';
      case '(':
      case '[':
        // getPassword(), os.environ["X"]: code, left for the call check
        return !isReference(text, start, i);
      case '<':
        // </td>, <br>, <%= x %>, <?php
        return next != '/' && next != '!' && next != '%' && next != '?' && !isAsciiLetter(next);
      case '{':
        return next != '{' && next != '%' && continuesAfter(next);
      default: // quotes and closing brackets: only within the value, before more of it
        return continuesAfter(next);
    }
  }

  /** After a quote or bracket: the value goes on only with a char that may be part of it. */
  private static boolean continuesAfter(char next) {
    return !isStop(next) && next != '\\' && next != '.' && next != ':' && next != '=' && next != '+';
  }

  /** A name then {@code =} or {@code :}: the next item of a list, query or connection string. */
  private static boolean isNextItem(CharSequence text, int j) {
    int n = text.length();
    if (j >= n || !isNameStart(text.charAt(j))) {
      return false;
    }
    int limit = Math.min(n, j + 64);
    for (int k = j + 1; k < limit; k++) {
      char c = text.charAt(k);
      if (c == '=' || c == ':') {
        return true;
      }
      if (!(AssignmentName.isWordChar(c) || c == '.' || c == '-' || c == ' ')) {
        return false;
      }
    }
    return false;
  }

  /** Whether {@code text[start, end)} is a name or a member chain: {@code os.environ}, {@code $x}. */
  private static boolean isReference(CharSequence text, int start, int end) {
    if (end <= start || !(isNameStart(text.charAt(start)) || text.charAt(start) == '$')) {
      return false;
    }
    for (int i = start + 1; i < end; i++) {
      char c = text.charAt(i);
      if (!(AssignmentName.isWordChar(c) || c == '$' || c == '.')) {
        return false;
      }
    }
    return true;
  }

  /** As {@link #endsAtEscape}, but {@code \\} goes on: a backslash escaping a backslash. */
  private static boolean endsJsonValue(char c) {
    return c != '\\' && endsAtEscape(c);
  }

  private static boolean startsWith(CharSequence text, int at, String part) {
    if (at + part.length() > text.length()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      if (text.charAt(at + i) != part.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isNameStart(char c) {
    return isAsciiLetter(c) || c == '_';
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || Character.isWhitespace(c);
  }
}
