package io.takumo.aegis.restore;

/**
 * Restores tokens in a response body as it streams: bytes in, bytes ready for the app out.
 * Not thread-safe: one instance per response, fed in order.
 */
public interface ResponseRestorer {

  /** Feeds the next bytes of the body; returns what can be released now (possibly empty). */
  byte[] update(byte[] buf, int off, int len);

  /** Signals the end of the body; returns whatever was still held back. */
  byte[] finish();
}
