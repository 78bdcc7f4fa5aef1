package io.takumo.aegis.codec;

import java.io.ByteArrayOutputStream;

/** Consumes a gzip member header (RFC 1952), which may arrive split across reads. */
final class GzipHeaderSkipper {

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
  private boolean done;

  boolean done() {
    return done;
  }

  /** Returns how many of the given bytes belonged to the header. */
  int feed(byte[] buf, int off, int len) {
    int before = seen.size();
    seen.write(buf, off, len);
    int end = headerLength(seen.toByteArray());
    if (end < 0) {
      return len;
    }
    done = true;
    return end - before;
  }

  /** The header's length if {@code h} holds all of it, else -1. */
  private static int headerLength(byte[] h) {
    if (h.length < 10) {
      return -1;
    }
    if ((h[0] & 0xff) != 0x1f || (h[1] & 0xff) != 0x8b) {
      throw new IllegalStateException("response says gzip but is not");
    }
    int flags = h[3] & 0xff;
    int at = 10;
    if ((flags & FEXTRA) != 0) {
      if (h.length < at + 2) {
        return -1;
      }
      at += 2 + ((h[at] & 0xff) | (h[at + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      at = afterZero(h, at);
    }
    if (at >= 0 && (flags & FCOMMENT) != 0) {
      at = afterZero(h, at);
    }
    if (at >= 0 && (flags & FHCRC) != 0) {
      at += 2;
    }
    return at >= 0 && at <= h.length ? at : -1;
  }

  private static int afterZero(byte[] h, int from) {
    for (int i = from; i < h.length; i++) {
      if (h[i] == 0) {
        return i + 1;
      }
    }
    return -1;
  }
}
