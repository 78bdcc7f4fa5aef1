package io.takumo.aegis.detect.heuristic;

/**
 * The XML shapes that name a value, for the generic assignment rules: an element named like a
 * secret ({@code <password>…</password>}, as in Maven's {@code settings.xml}), and a {@code key} or
 * {@code name} attribute naming the value that follows ({@code <add key="ApiKey" value="…"/>} in
 * .NET config, {@code <property name="db.password" value="…"/>} in Spring and Ant, {@code <entry
 * key="password">…</entry>} in Java's XML properties). Other attributes need nothing from here:
 * {@code password="…"} is an ordinary assignment.
 */
public final class XmlNamedValue {

  /** How far back from a keyword the start of an element or attribute value's name may be. */
  private static final int MAX_NAME = 64;

  private XmlNamedValue() {}

  /**
   * Whether the name holding the keyword at {@code keywordStart} and ending at {@code nameEnd} may
   * name an XML value: an element name before {@code >}, or a {@code key}/{@code name} attribute's
   * value followed by a {@code value} attribute or by {@code >}.
   */
  public static boolean mayNameValue(CharSequence text, int keywordStart, int nameEnd) {
    if (nameEnd >= text.length()) {
      return false;
    }
    char c = text.charAt(nameEnd);
    if (c == '>') {
      return isElementName(text, keywordStart);
    }
    return (c == '"' || c == '\'') && isNameAttribute(text, keywordStart, c);
  }

  /** Whether the name around {@code keywordStart} directly follows a {@code <}: an element's. */
  static boolean isElementName(CharSequence text, int keywordStart) {
    int start = nameStart(text, keywordStart);
    return start > 0 && text.charAt(start - 1) == '<';
  }

  /**
   * Whether the name around {@code keywordStart} is the whole value, in {@code quote}s, of a
   * {@code key} or {@code name} attribute: {@code key="ApiKey"}.
   */
  static boolean isNameAttribute(CharSequence text, int keywordStart, char quote) {
    int start = nameStart(text, keywordStart);
    if (start < 2 || text.charAt(start - 1) != quote || text.charAt(start - 2) != '=') {
      return false;
    }
    int attribute = start - 2;
    return endsWithWord(text, attribute, "key") || endsWithWord(text, attribute, "name");
  }

  /**
   * The start of the value named at {@code nameEnd} (just past the name's closing quote or at its
   * {@code >}), as {@code valueStart, valueEnd, matchEnd} in {@code found}; false if there is none
   * before {@code limit}. Element content runs to the {@code </} on its line; a {@code value}
   * attribute to its closing quote.
   */
  public static boolean value(CharSequence text, int nameEnd, int limit, int[] found) {
    char c = text.charAt(nameEnd);
    if (c == '>') {
      return content(text, nameEnd + 1, limit, found);
    }
    int i = skipBlanks(text, nameEnd + 1, limit);
    if (i < limit && text.charAt(i) == '>') {
      return content(text, i + 1, limit, found);
    }
    if (i == nameEnd + 1 || !startsWithIgnoringCase(text, i, limit, "value=")) {
      return false;
    }
    i += "value=".length();
    if (i >= limit || (text.charAt(i) != '"' && text.charAt(i) != '\'')) {
      return false;
    }
    char quote = text.charAt(i);
    for (int j = i + 1; j < limit; j++) {
      char d = text.charAt(j);
      if (d == quote) {
        return set(found, i + 1, j, j + 1);
      }
      if (d == '\n' || d == '\r' || d == '<') {
        return false;
      }
    }
    return false;
  }

  /** Element content from {@code start} up to a {@code </} on the same line. */
  private static boolean content(CharSequence text, int start, int limit, int[] found) {
    for (int j = start; j < limit; j++) {
      char d = text.charAt(j);
      if (d == '<') {
        return j + 1 < limit && text.charAt(j + 1) == '/' && set(found, start, j, j);
      }
      if (d == '\n' || d == '\r') {
        return false;
      }
    }
    return false;
  }

  private static boolean set(int[] found, int valueStart, int valueEnd, int matchEnd) {
    found[0] = valueStart;
    found[1] = valueEnd;
    found[2] = matchEnd;
    return valueEnd > valueStart;
  }

  /** Back from {@code keywordStart} over the chars of an XML name, at most {@link #MAX_NAME}. */
  private static int nameStart(CharSequence text, int keywordStart) {
    int i = keywordStart;
    while (i > 0 && keywordStart - i < MAX_NAME && isXmlNameChar(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  /** Whether {@code text} before {@code end} is {@code word} (ignoring case) after a blank. */
  private static boolean endsWithWord(CharSequence text, int end, String word) {
    int start = end - word.length();
    return start > 0
        && startsWithIgnoringCase(text, start, end, word)
        && Character.isWhitespace(text.charAt(start - 1));
  }

  private static boolean startsWithIgnoringCase(CharSequence text, int at, int limit, String lower) {
    if (at + lower.length() > limit) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      char c = text.charAt(at + k);
      if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int skipBlanks(CharSequence text, int i, int limit) {
    while (i < limit && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isXmlNameChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '.'
        || c == ':';
  }
}
