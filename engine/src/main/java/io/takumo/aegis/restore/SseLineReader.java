package io.takumo.aegis.restore;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Cuts the bytes of an event stream into lines ending in CR LF, LF or CR, as they arrive.
 *
 * <p>A line ending in CR is handed on at once, not when the next byte shows whether an LF follows;
 * if the next read then starts with that LF, the sink is told to append it to the line before.
 */
final class SseLineReader {

  interface Sink {
    void line(SseLine line);

    /** The LF completing a CR LF that was cut by the read boundary. */
    void lateLineFeed();
  }

  private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
  private boolean afterCr;
  private boolean firstLine = true;

  void feed(byte[] b, int off, int len, Sink sink) {
    int end = off + len;
    int lineStart = off;
    if (afterCr && len > 0) {
      afterCr = false;
      if (b[off] == '\n') {
        sink.lateLineFeed();
        lineStart++;
      }
    }
    for (int i = lineStart; i < end; i++) {
      byte c = b[i];
      if (c != '\n' && c != '\r') {
        continue;
      }
      int lineEnd = i + 1;
      if (c == '\r') {
        if (i + 1 == end) {
          afterCr = true;
        } else if (b[i + 1] == '\n') {
          lineEnd++;
        }
      }
      int contentLength = partial.size() + i - lineStart;
      byte[] raw;
      if (partial.size() == 0) {
        raw = Arrays.copyOfRange(b, lineStart, lineEnd);
      } else {
        partial.write(b, lineStart, lineEnd - lineStart);
        raw = partial.toByteArray();
        partial.reset();
      }
      sink.line(newLine(raw, contentLength));
      lineStart = lineEnd;
      i = lineEnd - 1;
    }
    partial.write(b, lineStart, end - lineStart);
  }

  /** The bytes of a line begun but not ended yet. */
  int pending() {
    return partial.size();
  }

  /** Moves the bytes of the line begun to {@code out}, as they came; the reader is done with. */
  void surrender(ByteArrayOutputStream out) {
    byte[] begun = partial.toByteArray();
    out.write(begun, 0, begun.length);
    partial.reset();
  }

  /** Hands on a last line that has no line ending. */
  void finish(Sink sink) {
    if (partial.size() > 0) {
      byte[] raw = partial.toByteArray();
      partial.reset();
      sink.line(newLine(raw, raw.length));
    }
  }

  private SseLine newLine(byte[] raw, int contentLength) {
    int fieldStart = 0;
    if (firstLine) {
      firstLine = false;
      if (startsWithBom(raw, contentLength)) {
        fieldStart = 3;
      }
    }
    return new SseLine(raw, contentLength, fieldStart);
  }

  private static boolean startsWithBom(byte[] raw, int contentLength) {
    return contentLength >= 3
        && Arrays.equals(raw, 0, 3, new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf}, 0, 3);
  }
}
