package io.takumo.aegis.restore;

import io.takumo.aegis.vault.Revealer;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Restores a {@code text/event-stream} body: the raw bytes go in as they arrive, lines are cut per
 * the event stream rules, and each event is held only until the blank line that ends it, then
 * restored by a {@link SseEventRestorer}. Comments and blank lines between events go out at once.
 *
 * <p>At the end of the body an event left without its blank line is restored and passed on as it
 * is; text still held back by a delta stream is released in synthetic events appended at the end
 * (after closing such an event, so they stay events of their own).
 *
 * <p>An event that grows past the limit (a line with no end, an event with no blank line) is not
 * held any longer: text held back by delta streams is released, then the event so far and the
 * rest of the body pass through as they came, and the limit's listener is told once.
 */
public final class SseRestorer implements ResponseRestorer {

  private static final byte[] LF = {'\n'};
  private static final byte[] CRLF = {'\r', '\n'};

  private final SseLineReader reader = new SseLineReader();
  private final SseEventRestorer events;
  private final long limit;
  private final Runnable overLimit;
  /** The bytes of the lines in {@link #event}. */
  private long eventBytes;
  private boolean passingThrough;
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
        eventBytes++;
      }
    }
  };

  /**
   * @param limit most bytes of one event held
   * @param overLimit told when an event grows past {@code limit}; must not throw
   */
  public SseRestorer(Revealer secrets, long limit, Runnable overLimit) {
    this.events = new SseEventRestorer(secrets);
    this.limit = limit;
    this.overLimit = overLimit;
  }

  @Override
  public byte[] update(byte[] b, int off, int len) {
    if (passingThrough) {
      return Arrays.copyOfRange(b, off, off + len);
    }
    reader.feed(b, off, len, sink);
    if (eventBytes + reader.pending() > limit) {
      passThrough();
    }
    return drain();
  }

  /** Gives up holding: what {@link #out} gets next starts at an event boundary. */
  private void passThrough() {
    if (events.holding()) {
      events.releaseAll(out);
    }
    for (SseLine line : event) {
      out.write(line.raw(), 0, line.raw().length);
    }
    event.clear();
    reader.surrender(out);
    passingThrough = true;
    overLimit.run();
  }

  @Override
  public byte[] finish() {
    if (passingThrough) {
      return Bytes.EMPTY;
    }
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
      eventBytes += line.raw().length;
    }
  }

  private void dispatch() {
    events.process(event, lineEnding, out);
    event.clear();
    eventBytes = 0;
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
