package io.takumo.aegis.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.restore.ResponseRestorer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ResponseStreamsTest {

  private final TestEngines engines = new TestEngines();

  @Test
  void readsTheBodyThroughTheRestorerAndEndsWithItsTail() throws IOException {
    InputStream in = restoring(new ChunkedStream("hello ", "world"), new UpperCaseHoldingLastByte());

    assertEquals("HELLO WORLD", new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  @Test
  void keepsReadingWhileTheRestorerHoldsEverythingBack() throws IOException {
    InputStream in = restoring(new ChunkedStream("a", "b", "c"), new HoldAll());
    byte[] buf = new byte[10];

    int n = in.read(buf, 0, buf.length);

    assertEquals(3, n);
    assertEquals("abc", new String(buf, 0, n, StandardCharsets.UTF_8));
    assertEquals(-1, in.read(buf, 0, buf.length));
  }

  @Test
  void returnsWhatIsReadyWithoutWaitingForMoreOfTheBody() throws IOException {
    ChunkedStream body = new ChunkedStream("data: 1\n\n", "data: 2\n\n");
    InputStream in = restoring(body, new UpperCaseHoldingLastByte());
    byte[] buf = new byte[100];

    int n = in.read(buf, 0, buf.length);

    assertEquals("DATA: 1\n", new String(buf, 0, n, StandardCharsets.UTF_8));
    assertEquals(1, body.reads, "one event read from the network, no more");
  }

  @Test
  void passesTheRestThroughUnchangedOnceTheRestorerFails() throws IOException {
    InputStream in = restoring(new ChunkedStream("ab", "cd", "ef"), new FailsOnSecondUpdate());

    assertEquals("ABcdef", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    assertTrue(engines.log().contains("could not restore tokens"), engines.log());
  }

  @Test
  void singleByteReadsAndCloseReachTheBody() throws IOException {
    ChunkedStream body = new ChunkedStream("xy");
    InputStream in = restoring(body, new UpperCaseHoldingLastByte());

    assertEquals('X', in.read());
    assertEquals('Y', in.read());
    assertEquals(-1, in.read());
    in.close();
    assertTrue(body.closed);
  }

  private InputStream restoring(InputStream body, ResponseRestorer restorer) {
    return ResponseStreams.restoring(body, restorer, engines.engine(), "api.openai.com");
  }

  /** A body that arrives in the given pieces, one per read, like a network stream. */
  static final class ChunkedStream extends InputStream {
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    int reads;
    boolean closed;

    ChunkedStream(String... parts) {
      for (String part : parts) {
        chunks.add(part.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public int read() {
      throw new AssertionError("the wrapper reads in chunks");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      reads++;
      byte[] next = chunks.poll();
      if (next == null) {
        return -1;
      }
      System.arraycopy(next, 0, b, off, next.length);
      return next.length;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** Upper-cases, holding back the last byte of each chunk until the next (a token could span). */
  static final class UpperCaseHoldingLastByte implements ResponseRestorer {
    private String held = "";

    @Override
    public byte[] update(byte[] buf, int off, int len) {
      String all = held + new String(buf, off, len, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
      held = all.substring(all.length() - 1);
      return all.substring(0, all.length() - 1).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] finish() {
      return held.getBytes(StandardCharsets.UTF_8);
    }
  }

  static final class HoldAll implements ResponseRestorer {
    private final StringBuilder held = new StringBuilder();

    @Override
    public byte[] update(byte[] buf, int off, int len) {
      held.append(new String(buf, off, len, StandardCharsets.UTF_8));
      return new byte[0];
    }

    @Override
    public byte[] finish() {
      return held.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  static final class FailsOnSecondUpdate implements ResponseRestorer {
    private int updates;

    @Override
    public byte[] update(byte[] buf, int off, int len) {
      if (++updates == 2) {
        throw new IllegalStateException("restorer bug");
      }
      return new String(buf, off, len, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] finish() {
      throw new AssertionError("not called after a failure");
    }
  }

}
