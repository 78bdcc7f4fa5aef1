package io.takumo.aegis.json;

import java.util.Arrays;

/**
 * Replacements of non-overlapping byte ranges of one document, applied in a single copy into an
 * array of the exact final size; all other bytes are kept. Edits may be added in any order: they
 * are sorted first if they were not added in document order.
 */
public final class ByteEdits {

  private int[] starts = new int[8];
  private int[] ends = new int[8];
  private byte[][] replacements = new byte[8][];
  private int count;
  /** The final length minus the original length. */
  private int growth;
  /** Whether each edit was added after the one before it in the document. */
  private boolean inOrder = true;

  /** Replaces {@code [start, end)}, which overlaps no other edit. */
  public void add(int start, int end, byte[] replacement) {
    if (count == starts.length) {
      starts = Arrays.copyOf(starts, count * 2);
      ends = Arrays.copyOf(ends, count * 2);
      replacements = Arrays.copyOf(replacements, count * 2);
    }
    if (count > 0 && start < ends[count - 1]) {
      inOrder = false;
    }
    starts[count] = start;
    ends[count] = end;
    replacements[count] = replacement;
    count++;
    growth += replacement.length - (end - start);
  }

  /** Replaces the bytes of {@code value}, quotes or brackets included. */
  public void replace(JsonValue value, byte[] replacement) {
    add(value.start(), value.end(), replacement);
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** {@code doc} with the edits applied. */
  public byte[] applyTo(byte[] doc) {
    if (!inOrder) {
      sort();
    }
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

  /** Puts the edits in document order (few per document: an insertion sort). */
  private void sort() {
    for (int i = 1; i < count; i++) {
      int start = starts[i];
      int end = ends[i];
      byte[] replacement = replacements[i];
      int j = i - 1;
      while (j >= 0 && starts[j] > start) {
        starts[j + 1] = starts[j];
        ends[j + 1] = ends[j];
        replacements[j + 1] = replacements[j];
        j--;
      }
      starts[j + 1] = start;
      ends[j + 1] = end;
      replacements[j + 1] = replacement;
    }
    inOrder = true;
  }
}
