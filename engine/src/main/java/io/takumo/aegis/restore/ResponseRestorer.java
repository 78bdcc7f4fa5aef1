package io.takumo.aegis.restore;

/**
 * Restores the secrets in a response body as it streams past, push-style: feed every chunk read
 * from the network to {@link #update}, then call {@link #finish} once at the end of the body, and
 * pass on what each call returns, in order. Not thread-safe: one instance per response body.
 */
public interface ResponseRestorer {

  /** Takes the next bytes of the body; returns the restored bytes ready now, possibly none. */
  byte[] update(byte[] b, int off, int len);

  /** Ends the body; returns whatever restored bytes were still held back. */
  byte[] finish();
}
