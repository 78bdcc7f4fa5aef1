package io.takumo.aegis.restore;

import io.takumo.aegis.vault.Revealer;
import java.io.ByteArrayOutputStream;

/** Restores a JSON body: buffers all of it, since a document can only be parsed whole. */
final class BufferedJsonRestorer implements ResponseRestorer {

  private final JsonRestorer restorer;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();

  BufferedJsonRestorer(Revealer secrets) {
    this.restorer = new JsonRestorer(secrets);
  }

  @Override
  public byte[] update(byte[] b, int off, int len) {
    body.write(b, off, len);
    return Bytes.EMPTY;
  }

  @Override
  public byte[] finish() {
    byte[] whole = body.toByteArray();
    body.reset();
    return restorer.restore(whole);
  }
}
