package io.takumo.aegis.restore;

import io.takumo.aegis.vault.Revealer;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Restores a JSON body: buffers all of it, since a document can only be parsed whole. A body that
 * grows past the limit is not restored: what was held and all that follows pass through as they
 * came, and the limit's listener is told once.
 */
final class BufferedJsonRestorer implements ResponseRestorer {

  private final JsonRestorer restorer;
  private final long limit;
  private final Runnable overLimit;
  /** What is held so far; null once the body passes through. */
  private ByteArrayOutputStream body = new ByteArrayOutputStream();

  /**
   * @param limit most bytes held
   * @param overLimit told when the body grows past {@code limit}; must not throw
   */
  BufferedJsonRestorer(Revealer secrets, long limit, Runnable overLimit) {
    this.restorer = new JsonRestorer(secrets);
    this.limit = limit;
    this.overLimit = overLimit;
  }

  @Override
  public byte[] update(byte[] b, int off, int len) {
    if (body == null) {
      return Arrays.copyOfRange(b, off, off + len);
    }
    if (body.size() + (long) len > limit) {
      body.write(b, off, len);
      byte[] held = body.toByteArray();
      body = null;
      overLimit.run();
      return held;
    }
    body.write(b, off, len);
    return Bytes.EMPTY;
  }

  @Override
  public byte[] finish() {
    if (body == null) {
      return Bytes.EMPTY;
    }
    byte[] whole = body.toByteArray();
    body = null;
    return restorer.restore(whole);
  }
}
