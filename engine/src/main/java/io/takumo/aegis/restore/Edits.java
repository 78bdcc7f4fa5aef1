package io.takumo.aegis.restore;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Replacements of non-overlapping spans of a byte array; all other bytes are kept. */
final class Edits {

  private static final class Edit {
    final int start;
    final int end;
    final byte[] replacement;

    Edit(int start, int end, byte[] replacement) {
      this.start = start;
      this.end = end;
      this.replacement = replacement;
    }
  }

  private final List<Edit> edits = new ArrayList<>();

  void replace(JsonValue value, byte[] replacement) {
    edits.add(new Edit(value.start, value.end, replacement));
  }

  boolean isEmpty() {
    return edits.isEmpty();
  }

  /** {@code src[from, to)} with the edits applied; edits lie within that range. */
  byte[] applyTo(byte[] src, int from, int to) {
    edits.sort(Comparator.comparingInt(e -> e.start));
    ByteArrayOutputStream out = new ByteArrayOutputStream(to - from + 64);
    int copied = from;
    for (Edit edit : edits) {
      out.write(src, copied, edit.start - copied);
      out.write(edit.replacement, 0, edit.replacement.length);
      copied = edit.end;
    }
    out.write(src, copied, to - copied);
    return out.toByteArray();
  }
}
