package io.takumo.aegis.server.usage;

/**
 * Splits a Server-Sent Events stream into the data of each event as the bytes arrive (lines end
 * in LF, CRLF or CR; several {@code data:} lines of one event are joined by LF; a blank line ends
 * the event), handing the data on in runs, never holding a line or an event.
 */
final class SseEvents {
  interface DataSink {
    void data(byte[] bytes, int offset, int length);
  }

  private static final byte[] DATA = {'d', 'a', 't', 'a', ':'};
  private static final byte[] LF = {'\n'};

  private enum Mode { PREFIX, DATA_START, DATA, OTHER }

  private final DataSink sink;
  private final Runnable eventEnd;
  private Mode mode = Mode.PREFIX;
  private int lineLength;
  private boolean afterCr;
  private boolean eventHasData;

  SseEvents(DataSink sink, Runnable eventEnd) {
    this.sink = sink;
    this.eventEnd = eventEnd;
  }

  void accept(byte[] bytes, int offset, int length) {
    int end = offset + length;
    int i = offset;
    while (i < end) {
      byte b = bytes[i];
      if (afterCr && b == '\n') {
        afterCr = false;
        i++;
        continue;
      }
      afterCr = false;
      if (b == '\r' || b == '\n') {
        lineEnd();
        afterCr = b == '\r';
        i++;
        continue;
      }
      lineLength++;
      switch (mode) {
        case PREFIX:
          if (lineLength <= DATA.length && b == DATA[lineLength - 1]) {
            if (lineLength == DATA.length) {
              mode = Mode.DATA_START;
              if (eventHasData) {
                sink.data(LF, 0, 1);
              }
              eventHasData = true;
            }
          } else {
            mode = Mode.OTHER;
          }
          i++;
          break;
        case DATA_START:
          mode = Mode.DATA;
          if (b == ' ') {
            i++;
          } else {
            lineLength--; // the data starts at this byte: the next turn counts it again, as data
          }
          break;
        case DATA:
          int run = i;
          while (run < end && bytes[run] != '\r' && bytes[run] != '\n') {
            run++;
          }
          sink.data(bytes, i, run - i);
          lineLength += run - i - 1;
          i = run;
          break;
        default:
          i++;
          break;
      }
    }
  }

  /** The end of the stream ends an event left open. */
  void end() {
    if (lineLength > 0) {
      lineEnd();
    }
    if (eventHasData) {
      eventHasData = false;
      eventEnd.run();
    }
  }

  private void lineEnd() {
    if (lineLength == 0 && eventHasData) {
      eventHasData = false;
      eventEnd.run();
    }
    lineLength = 0;
    mode = Mode.PREFIX;
  }
}
