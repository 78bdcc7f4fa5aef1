package io.takumo.aegis.detect.rule;

/** A read-only view of part of a text, so that a regex can run on that part without a copy. */
final class TextWindow implements CharSequence {

  private final CharSequence text;
  private final int offset;
  private final int length;

  TextWindow(CharSequence text, int start, int end) {
    if (start < 0 || end < start || end > text.length()) {
      throw new IndexOutOfBoundsException("window [" + start + "," + end + ")");
    }
    this.text = text;
    this.offset = start;
    this.length = end - start;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    if (index < 0 || index >= length) {
      throw new IndexOutOfBoundsException("index " + index);
    }
    return text.charAt(offset + index);
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new TextWindow(text, offset + start, offset + end);
  }

  /** The chars in the window, as the {@link CharSequence} contract requires. */
  @Override
  public String toString() {
    return text.subSequence(offset, offset + length).toString();
  }
}
