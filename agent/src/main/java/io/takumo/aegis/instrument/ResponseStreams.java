package io.takumo.aegis.instrument;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.restore.ResponseRestorer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/** Response bodies read as {@link InputStream}s, for the clients that hand the app one. */
public final class ResponseStreams {

  private ResponseStreams() {}

  /**
   * Returns a stream that reads {@code body} through {@code restorer}. It streams: each read
   * returns as soon as the restorer releases something, so server-sent events still arrive one by
   * one. If the restorer fails, the rest of the body passes through as it came.
   */
  public static InputStream restoring(InputStream body, ResponseRestorer restorer, Engine engine, String host) {
    return new Restoring(body, restorer, engine, host);
  }

  private static final class Restoring extends InputStream {

    private static final byte[] NOTHING = new byte[0];

    private final InputStream in;
    private final ResponseRestorer restorer;
    private final Engine engine;
    private final String host;
    private final byte[] chunk = new byte[8192];
    private byte[] ready = NOTHING;
    private int readyPos;
    private boolean ended;
    private boolean failed;

    Restoring(InputStream in, ResponseRestorer restorer, Engine engine, String host) {
      this.in = in;
      this.restorer = restorer;
      this.engine = engine;
      this.host = host;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      Objects.checkFromIndexSize(off, len, b.length);
      if (len == 0) {
        return 0;
      }
      // A read may not return 0 bytes: keep reading while the restorer holds everything back.
      while (readyPos == ready.length) {
        if (!fill()) {
          return -1;
        }
      }
      int n = Math.min(len, ready.length - readyPos);
      System.arraycopy(ready, readyPos, b, off, n);
      readyPos += n;
      return n;
    }

    /** Reads the next chunk of the body into {@code ready}; returns false at the very end. */
    private boolean fill() throws IOException {
      if (ended) {
        return false;
      }
      int n = in.read(chunk, 0, chunk.length);
      if (n < 0) {
        ended = true;
        ready = failed ? NOTHING : finish();
      } else {
        ready = failed ? Arrays.copyOf(chunk, n) : update(n);
      }
      readyPos = 0;
      return true;
    }

    private byte[] update(int n) {
      try {
        return restorer.update(chunk, 0, n);
      } catch (RuntimeException e) {
        failed = true;
        engine.restoreFailed(host, e);
        return Arrays.copyOf(chunk, n);
      }
    }

    private byte[] finish() {
      try {
        return restorer.finish();
      } catch (RuntimeException e) {
        engine.restoreFailed(host, e);
        return NOTHING;
      }
    }

    @Override
    public int available() throws IOException {
      return ready.length - readyPos;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
