package io.takumo.aegis.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a response body through a {@link ResponseRestorer}. A read blocks only until the restorer
 * has something to give: it reads the source again only while the restorer returns nothing.
 * Mark and reset are not supported.
 */
public final class RestoringInputStream extends FilterInputStream {

  private static final int CHUNK = 8192;

  private final ResponseRestorer restorer;
  private final byte[] chunk = new byte[CHUNK];
  private byte[] ready = Bytes.EMPTY;
  private int readyPos;
  private boolean finished;

  public RestoringInputStream(InputStream in, ResponseRestorer restorer) {
    super(in);
    this.restorer = restorer;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return ready[readyPos++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (off < 0 || len < 0 || len > b.length - off) {
      throw new IndexOutOfBoundsException();
    }
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, ready.length - readyPos);
    System.arraycopy(ready, readyPos, b, off, n);
    readyPos += n;
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && fill()) {
      int step = (int) Math.min(n - skipped, ready.length - readyPos);
      readyPos += step;
      skipped += step;
    }
    return skipped;
  }

  /** The restored bytes ready now; bytes the restorer still holds back are not counted. */
  @Override
  public int available() throws IOException {
    return ready.length - readyPos;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public synchronized void mark(int readlimit) {
    // not supported, as markSupported() says
  }

  @Override
  public synchronized void reset() throws IOException {
    throw new IOException("mark/reset not supported");
  }

  /** Makes restored bytes ready, reading the source as needed; false at the end of the body. */
  private boolean fill() throws IOException {
    while (readyPos == ready.length) {
      if (finished) {
        return false;
      }
      int n = in.read(chunk, 0, CHUNK);
      if (n < 0) {
        finished = true;
        ready = restorer.finish();
      } else {
        ready = restorer.update(chunk, 0, n);
      }
      readyPos = 0;
    }
    return true;
  }
}
