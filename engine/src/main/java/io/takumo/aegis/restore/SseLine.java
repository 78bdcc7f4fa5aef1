package io.takumo.aegis.restore;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One line of an event stream, kept as its original bytes, line ending included. */
final class SseLine {

  private static final byte[] NO_ENDING = {};
  private static final byte[] LF = {'\n'};
  private static final byte[] CR = {'\r'};
  private static final byte[] CRLF = {'\r', '\n'};

  private byte[] raw;
  /** Where the line ending starts. */
  private final int contentEnd;
  /** Where the field name starts: 0, or past a byte order mark on the stream's first line. */
  private final int fieldStart;
  /** Where the field name ends: at the colon, or at the end of the content if there is none. */
  private final int fieldEnd;
  /** Where the field value starts: after the colon and one optional space. */
  private final int valueStart;

  SseLine(byte[] raw, int contentEnd, int fieldStart) {
    this.raw = raw;
    this.contentEnd = contentEnd;
    this.fieldStart = fieldStart;
    int colon = fieldStart;
    while (colon < contentEnd && raw[colon] != ':') {
      colon++;
    }
    this.fieldEnd = colon;
    int value = Math.min(colon + 1, contentEnd);
    if (value < contentEnd && raw[value] == ' ') {
      value++;
    }
    this.valueStart = value;
  }

  byte[] raw() {
    return raw;
  }

  boolean isBlank() {
    return contentEnd == fieldStart;
  }

  boolean isComment() {
    return !isBlank() && fieldEnd == fieldStart;
  }

  boolean isField(String name) {
    if (fieldEnd - fieldStart != name.length()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      if (raw[fieldStart + i] != name.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  int valueStart() {
    return valueStart;
  }

  int contentEnd() {
    return contentEnd;
  }

  String value() {
    return new String(raw, valueStart, contentEnd - valueStart, StandardCharsets.UTF_8);
  }

  /**
   * The bytes before the value: field name, colon and space; a colon is added to a bare field name,
   * so that a value written after it stays a value.
   */
  byte[] prefix() {
    if (fieldEnd < contentEnd) {
      return Arrays.copyOfRange(raw, 0, valueStart);
    }
    byte[] prefix = Arrays.copyOf(raw, fieldEnd + 1);
    prefix[fieldEnd] = ':';
    return prefix;
  }

  /** The line ending: CR LF, LF, CR, or nothing for a last line cut off by the end of stream. */
  /** The line's ending bytes; the usual ones are shared arrays, never to be written to. */
  byte[] ending() {
    int length = raw.length - contentEnd;
    if (length == 0) {
      return NO_ENDING;
    }
    if (length == 1) {
      return raw[contentEnd] == '\n' ? LF : CR;
    }
    if (length == 2 && raw[contentEnd] == '\r' && raw[contentEnd + 1] == '\n') {
      return CRLF;
    }
    return Arrays.copyOfRange(raw, contentEnd, raw.length);
  }

  /** Takes the LF of a CR LF whose CR ended the previous read. */
  void appendLineFeed() {
    raw = Arrays.copyOf(raw, raw.length + 1);
    raw[raw.length - 1] = '\n';
  }
}
