package io.takumo.aegis.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One value of a parsed JSON document, with where it lies in the source bytes, so that a string
 * can be swapped in place while every other byte is kept.
 */
public final class JsonValue {

  /** What a value is. */
  public enum Kind {
    OBJECT,
    ARRAY,
    STRING,
    NUMBER,
    TRUE,
    FALSE,
    NULL
  }

  private final Kind kind;
  private final byte[] src;
  /** The span of the value in {@link #src}: quotes, brackets and braces included. */
  private final int start;

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

  public Kind kind() {
    return kind;
  }

  /** The bytes the value was parsed from: the whole document, not only the value. */
  public byte[] src() {
    return src;
  }

  /** Where the value starts in {@link #src()}: its opening quote, bracket or brace included. */
  public int start() {
    return start;
  }

  /** Just past where the value ends in {@link #src()}. */
  public int end() {
    return end;
  }

  /** Object: keys and values alternating; array: the items. */
  public List<JsonValue> children() {
    return children;
  }

  public boolean isString() {
    return kind == Kind.STRING;
  }

  public boolean isObject() {
    return kind == Kind.OBJECT;
  }

  public boolean isArray() {
    return kind == Kind.ARRAY;
  }

  public boolean isNull() {
    return kind == Kind.NULL;
  }

  /** The value of member {@code name} of an object, or {@code null}. */
  public JsonValue get(String name) {
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
  public String getString(String name) {
    JsonValue value = get(name);
    return value != null && value.isString() ? value.text() : null;
  }

  /** The decoded text of a string. */
  public String text() {
    if (text == null) {
      text = JsonStrings.decode(src, start + 1, end - 1, escaped);
    }
    return text;
  }

  /** The source bytes of the value, as text; meant for numbers. */
  public String raw() {
    return new String(src, start, end - start, StandardCharsets.UTF_8);
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
