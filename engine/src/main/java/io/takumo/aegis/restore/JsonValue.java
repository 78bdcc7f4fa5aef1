package io.takumo.aegis.restore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One value of a parsed JSON document, with where it lies in the source bytes, so that a string
 * can be swapped in place while every other byte is kept.
 */
final class JsonValue {

  enum Kind {
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    TRUE,
    FALSE,
    NULL
  }

  final Kind kind;
  final byte[] src;
  /** The span of the value in {@link #src}: quotes, brackets and braces included. */
  final int start;

  int end;
  /** Whether a string literal has escapes. */
  boolean escaped;
  /** Object: key, value, key, value…; array: the items. */
  private List<JsonValue> children = Collections.emptyList();

  private String text;

  JsonValue(Kind kind, byte[] src, int start) {
    this.kind = kind;
    this.src = src;
    this.start = start;
  }

  void add(JsonValue child) {
    if (children.isEmpty()) {
      children = new ArrayList<>(4);
    }
    children.add(child);
  }

  /** Object: keys and values alternating; array: the items. */
  List<JsonValue> children() {
    return children;
  }

  boolean isString() {
    return kind == Kind.STRING;
  }

  boolean isObject() {
    return kind == Kind.OBJECT;
  }

  boolean isArray() {
    return kind == Kind.ARRAY;
  }

  boolean isNull() {
    return kind == Kind.NULL;
  }

  /** The value of member {@code name} of an object, or {@code null}. */
  JsonValue get(String name) {
    if (kind != Kind.OBJECT) {
      return null;
    }
    for (int i = 0; i < children.size(); i += 2) {
      if (children.get(i).textEquals(name)) {
        return children.get(i + 1);
      }
    }
    return null;
  }

  /** The text of string member {@code name} of an object, or {@code null}. */
  String getString(String name) {
    JsonValue value = get(name);
    return value != null && value.isString() ? value.text() : null;
  }

  /** The decoded text of a string. */
  String text() {
    if (text == null) {
      text = JsonStrings.decode(src, start + 1, end - 1, escaped);
    }
    return text;
  }

  /** The source bytes of the value, as text; meant for numbers. */
  String raw() {
    return new String(src, start, end - start, StandardCharsets.UTF_8);
  }

  /** Whether the source bytes of the value contain {@code needle}. */
  boolean rawContains(byte[] needle) {
    return Bytes.indexOf(src, start, end, needle) >= 0;
  }

  private boolean textEquals(String name) {
    if (escaped) {
      return text().equals(name);
    }
    int length = end - start - 2;
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (src[start + 1 + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
