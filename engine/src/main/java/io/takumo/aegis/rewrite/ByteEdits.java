package io.takumo.aegis.rewrite;

import java.util.Arrays;

/**
 * Replacements of byte ranges in one document, added in document order and applied in a single
 * copy into an array of the exact final size.
 */
final class ByteEdits {

  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private byte[][] replacements = new byte[8][];
  private int count;
  /** The final length minus the original length. */
  private int growth;

  /** Replaces {@code [start, end)}, which must start at or after the end of the previous edit. */
  void add(int start, int end, byte[] replacement) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      replacements = Arrays.copyOf(replacements, count * 2);
    }
    starts[count] = start;
    ends[count] = end;
    replacements[count] = replacement;
    count++;
    growth += replacement.length - (end - start);
  }

  boolean isEmpty() {
    return count == 0;
  }

  byte[] applyTo(byte[] doc) {
    byte[] out = new byte[doc.length + growth];
    int from = 0;
    int to = 0;
    for (int i = 0; i < count; i++) {
      int kept = starts[i] - from;
      System.arraycopy(doc, from, out, to, kept);
      to += kept;
      System.arraycopy(replacements[i], 0, out, to, replacements[i].length);
      to += replacements[i].length;
      from = ends[i];
    }
    System.arraycopy(doc, from, out, to, doc.length - from);
    return out;
  }
}
