package io.takumo.aegis.restore;

import io.takumo.aegis.restore.InnerJson.Syntax;
import io.takumo.aegis.vault.Revealer;
import java.nio.charset.Charset;

/**
 * Restores a text body as it streams, holding back only a trailing partial token. Works on the
 * bytes, so a multi-byte char split between reads is never decoded; secrets are written in the
 * body's charset. A body that starts like JSON gets secrets inside its strings JSON-escaped.
 */
final class PlainTextRestorer implements ResponseRestorer {

  private final TextRestorer restorer;

  PlainTextRestorer(Revealer secrets, Charset charset) {
    this.restorer = TextRestorer.forBytes(secrets, Syntax.DETECT, charset);
  }

  @Override
  public byte[] update(byte[] b, int off, int len) {
    return Bytes.unview(restorer.push(Bytes.view(b, off, off + len)));
  }

  @Override
  public byte[] finish() {
    return Bytes.unview(restorer.finish());
  }
}
