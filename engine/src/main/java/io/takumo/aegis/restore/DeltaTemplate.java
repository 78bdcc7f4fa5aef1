package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonStrings;
import io.takumo.aegis.json.JsonValue;
import java.io.ByteArrayOutputStream;

/**
 * The JSON data of a synthetic delta event, with a hole where the delta string goes: a copy of a
 * stream's last delta event, reduced to that stream alone.
 */
final class DeltaTemplate {

  private final byte[] before;
  private final byte[] after;

  private DeltaTemplate(byte[] before, byte[] after) {
    this.before = before;
    this.after = after;
  }

  /** The data with {@code text} as the delta string. */
  byte[] fill(String text) {
    byte[] literal = JsonStrings.quote(text);
    int length = before.length + literal.length + after.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream(length);
    out.write(before, 0, before.length);
    out.write(literal, 0, literal.length);
    out.write(after, 0, after.length);
    return out.toByteArray();
  }

  /** A template that copies {@code value}'s whole document with {@code value} as the hole. */
  static DeltaTemplate around(JsonValue value) {
    byte[] src = value.src();
    return new Builder().raw(src, 0, value.start()).hole().raw(src, value.end(), src.length).build();
  }

  /** Assembles a template from copied source bytes, literal text and one hole. */
  static final class Builder {
    private final ByteArrayOutputStream before = new ByteArrayOutputStream();
    private final ByteArrayOutputStream after = new ByteArrayOutputStream();
    private ByteArrayOutputStream current = before;

    Builder raw(byte[] src, int from, int to) {
      current.write(src, from, to - from);
      return this;
    }

    Builder text(String ascii) {
      byte[] bytes = Bytes.ascii(ascii);
      current.write(bytes, 0, bytes.length);
      return this;
    }

    Builder hole() {
      current = after;
      return this;
    }

    DeltaTemplate build() {
      return new DeltaTemplate(before.toByteArray(), after.toByteArray());
    }
  }
}
