package io.takumo.aegis.restore;

import io.takumo.aegis.vault.Revealer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Restores a {@code text/event-stream} body: the raw bytes go in as they arrive, lines are cut per
 * the event stream rules, and each event is held only until the blank line that ends it, then
 * restored by a {@link SseEventRestorer}. Comments and blank lines between events go out at once.
 *
 * <p>At the end of the body an event left without its blank line is restored and passed on as it
 * is; text still held back by a delta stream is released in synthetic events appended at the end
 * (after closing such an event, so they stay events of their own).
 */
public final class SseRestorer implements ResponseRestorer {

  private static final byte[] LF = {'\n'};
  private static final byte[] CRLF = {'\r', '\n'};

  private final SseLineReader reader = new SseLineReader();
  private final SseEventRestorer events;
  private final List<SseLine> event = new ArrayList<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  /** The line ending seen last, for lines this restorer has to end itself. */
  private byte[] lineEnding = LF;
  private boolean lastLineOpen;

  private final SseLineReader.Sink sink = new SseLineReader.Sink() {
    @Override
    public void line(SseLine line) {
      take(line);
    }

    @Override
    public void lateLineFeed() {
      lineEnding = CRLF;
      if (event.isEmpty()) {
        out.write('\n');
      } else {
        event.get(event.size() - 1).appendLineFeed();
      }
    }
  };

  public SseRestorer(Revealer secrets) {
    this.events = new SseEventRestorer(secrets);
  }

  @Override
  public byte[] update(byte[] b, int off, int len) {
    reader.feed(b, off, len, sink);
    return drain();
  }

  @Override
  public byte[] finish() {
    reader.finish(sink);
    boolean eventOpen = !event.isEmpty();
    if (eventOpen) {
      dispatch();
    }
    if (events.holding()) {
      if (lastLineOpen) {
        out.write(lineEnding, 0, lineEnding.length);
      }
      if (eventOpen) {
        out.write(lineEnding, 0, lineEnding.length);
      }
      events.releaseAll(out);
    }
    return drain();
  }

  private void take(SseLine line) {
    byte[] ending = line.ending();
    lastLineOpen = ending.length == 0;
    if (!lastLineOpen) {
      lineEnding = ending;
    }
    if (line.isBlank()) {
      if (event.isEmpty()) {
        out.write(line.raw(), 0, line.raw().length);
      } else {
        event.add(line);
        dispatch();
      }
    } else if (line.isComment() && event.isEmpty()) {
      out.write(line.raw(), 0, line.raw().length);
    } else {
      event.add(line);
    }
  }

  private void dispatch() {
    events.process(event, lineEnding, out);
    event.clear();
  }

  private byte[] drain() {
    if (out.size() == 0) {
      return Bytes.EMPTY;
    }
    byte[] ready = out.toByteArray();
    out.reset();
    return ready;
  }
}
