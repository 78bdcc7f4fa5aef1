package io.takumo.aegis.restore;

import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * An event made up to release a partial token held back at the end of a delta stream: a copy of
 * the stream's last delta event (same {@code event:} line, same line endings) whose delta string
 * is the held text.
 */
final class SyntheticEvent {

  private final List<byte[]> eventLines;
  private final byte[] dataPrefix;
  private final byte[] lineEnding;
  private final DeltaTemplate template;

  SyntheticEvent(
      List<byte[]> eventLines, byte[] dataPrefix, byte[] lineEnding, DeltaTemplate template) {
    this.eventLines = eventLines;
    this.dataPrefix = dataPrefix;
    this.lineEnding = lineEnding;
    this.template = template;
  }

  void writeTo(ByteArrayOutputStream out, String held) {
    for (byte[] line : eventLines) {
      out.write(line, 0, line.length);
    }
    byte[] data = template.fill(held);
    // Data that spanned several data: lines keeps its line breaks (JSON allows them as blanks).
    int start = 0;
    for (int i = 0; i <= data.length; i++) {
      if (i == data.length || data[i] == '\n') {
        out.write(dataPrefix, 0, dataPrefix.length);
        out.write(data, start, i - start);
        out.write(lineEnding, 0, lineEnding.length);
        start = i + 1;
      }
    }
    out.write(lineEnding, 0, lineEnding.length);
  }
}
