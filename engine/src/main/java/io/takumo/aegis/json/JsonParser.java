package io.takumo.aegis.json;

import io.takumo.aegis.json.JsonValue.Kind;

/**
 * A strict JSON parser over UTF-8 bytes that keeps where every value lies, so that a string can be
 * swapped in place ({@link ByteEdits}) while every other byte is kept. It checks string escapes and
 * UTF-8, so that decoding a string afterwards is lossless: the restorers re-encode only the strings
 * that change, and a string decoded leniently would change bytes that are not a token's. (The
 * request rewriter streams through Jackson instead, which is faster and needs no tree: see
 * BENCHMARKS.md, "One JSON stack".)
 */
public final class JsonParser {

  private static final int MAX_DEPTH = 512;

  private final byte[] src;
  private final int end;
  private int pos;

  private JsonParser(byte[] src, int from, int to) {
    this.src = src;
    this.pos = from;
    this.end = to;
  }

  /** Parses {@code src[from, to)}, which must hold exactly one value, blanks around it allowed. */
  public static JsonValue parse(byte[] src, int from, int to) throws MalformedJsonException {
    JsonParser parser = new JsonParser(src, from, to);
    parser.skipBlanks();
    JsonValue value = parser.value(0);
    parser.skipBlanks();
    if (parser.pos != to) {
      throw parser.error();
    }
    return value;
  }

  private JsonValue value(int depth) throws MalformedJsonException {
    if (pos >= end) {
      throw error();
    }
    switch (src[pos]) {
      case '{':
        return object(depth + 1);
      case '[':
        return array(depth + 1);
      case '"':
        return string();
      case 't':
        return literal(Kind.TRUE, "true");
      case 'f':
        return literal(Kind.FALSE, "false");
      case 'n':
        return literal(Kind.NULL, "null");
      default:
        return number();
    }
  }

  private JsonValue object(int depth) throws MalformedJsonException {
    checkDepth(depth);
    JsonValue object = new JsonValue(Kind.OBJECT, src, pos++);
    skipBlanks();
    if (peek() == '}') {
      pos++;
      object.end = pos;
      return object;
    }
    while (true) {
      if (peek() != '"') {
        throw error();
      }
      object.add(string());
      skipBlanks();
      expect(':');
      skipBlanks();
      object.add(value(depth));
      skipBlanks();
      if (peek() == ',') {
        pos++;
        skipBlanks();
      } else {
        expect('}');
        object.end = pos;
        return object;
      }
    }
  }

  private JsonValue array(int depth) throws MalformedJsonException {
    checkDepth(depth);
    JsonValue array = new JsonValue(Kind.ARRAY, src, pos++);
    skipBlanks();
    if (peek() == ']') {
      pos++;
      array.end = pos;
      return array;
    }
    while (true) {
      array.add(value(depth));
      skipBlanks();
      if (peek() == ',') {
        pos++;
        skipBlanks();
      } else {
        expect(']');
        array.end = pos;
        return array;
      }
    }
  }

  private JsonValue string() throws MalformedJsonException {
    JsonValue string = new JsonValue(Kind.STRING, src, pos++);
    while (pos < end) {
      int b = src[pos] & 0xff;
      if (b == '"') {
        pos++;
        string.end = pos;
        return string;
      } else if (b == '\\') {
        string.escaped = true;
        escape();
      } else if (b < 0x20) {
        throw error();
      } else if (b < 0x80) {
        pos++;
      } else {
        utf8Sequence(b);
      }
    }
    throw error();
  }

  private void escape() throws MalformedJsonException {
    if (pos + 1 >= end) {
      throw error();
    }
    byte e = src[pos + 1];
    if (e == 'u') {
      if (pos + 6 > end) {
        throw error();
      }
      for (int i = pos + 2; i < pos + 6; i++) {
        if (Character.digit(src[i], 16) < 0) {
          throw error();
        }
      }
      pos += 6;
    } else if ("\"\\/bfnrt".indexOf(e) >= 0) {
      pos += 2;
    } else {
      throw error();
    }
  }

  /** Checks one multi-byte sequence per RFC 3629: no overlongs, no surrogates, up to U+10FFFF. */
  private void utf8Sequence(int lead) throws MalformedJsonException {
    int continuations;
    int secondMin = 0x80;
    int secondMax = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      continuations = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuations = 2;
      if (lead == 0xe0) {
        secondMin = 0xa0;
      } else if (lead == 0xed) {
        secondMax = 0x9f;
      }
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuations = 3;
      if (lead == 0xf0) {
        secondMin = 0x90;
      } else if (lead == 0xf4) {
        secondMax = 0x8f;
      }
    } else {
      throw error();
    }
    if (pos + continuations >= end) {
      throw error();
    }
    for (int k = 1; k <= continuations; k++) {
      int b = src[pos + k] & 0xff;
      int min = k == 1 ? secondMin : 0x80;
      int max = k == 1 ? secondMax : 0xbf;
      if (b < min || b > max) {
        throw error();
      }
    }
    pos += continuations + 1;
  }

  private JsonValue literal(Kind kind, String word) throws MalformedJsonException {
    JsonValue value = new JsonValue(kind, src, pos);
    for (int i = 0; i < word.length(); i++) {
      if (peek() != word.charAt(i)) {
        throw error();
      }
      pos++;
    }
    value.end = pos;
    return value;
  }

  private JsonValue number() throws MalformedJsonException {
    JsonValue number = new JsonValue(Kind.NUMBER, src, pos);
    if (peek() == '-') {
      pos++;
    }
    if (peek() == '0') {
      pos++;
    } else {
      digits();
    }
    if (peek() == '.') {
      pos++;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      pos++;
      if (peek() == '+' || peek() == '-') {
        pos++;
      }
      digits();
    }
    number.end = pos;
    return number;
  }

  private void digits() throws MalformedJsonException {
    if (!isDigit(peek())) {
      throw error();
    }
    while (isDigit(peek())) {
      pos++;
    }
  }

  private static boolean isDigit(int b) {
    return b >= '0' && b <= '9';
  }

  /** The byte at the current position, or -1 at the end. */
  private int peek() {
    return pos < end ? src[pos] : -1;
  }

  private void expect(char c) throws MalformedJsonException {
    if (peek() != c) {
      throw error();
    }
    pos++;
  }

  private void skipBlanks() {
    while (pos < end && isBlank(src[pos])) {
      pos++;
    }
  }

  private static boolean isBlank(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private void checkDepth(int depth) throws MalformedJsonException {
    if (depth > MAX_DEPTH) {
      throw error();
    }
  }

  private MalformedJsonException error() {
    return new MalformedJsonException(pos);
  }
}
