package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * What the app writes a provider request body to, in place of the connection's own stream. It
 * holds the whole body back, then writes it, protected, to the real stream once: when the app
 * closes it, or asks for the response without closing it. Until then nothing has been sent, so a
 * body that cannot be protected (fail-mode closed) never leaves the JVM.
 *
 * <p>Not thread-safe, like the connection itself.
 */
final class ProtectingOutputStream extends OutputStream {

  private final OutputStream real;
  private final Engine engine;
  private final String host;
  private final String contentType;
  private final String contentEncoding;
  private final RestoreScope scope;
  private ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean passThrough;
  private boolean sent;
  /** The body as written to the real stream; null until then, and when it went out unread. */
  private byte[] sentBody;
  private RequestBlockedException blocked;

  ProtectingOutputStream(
      OutputStream real, Engine engine, String host, String contentType, String contentEncoding, RestoreScope scope) {
    this.real = real;
    this.engine = engine;
    this.host = host;
    this.contentType = contentType;
    this.contentEncoding = contentEncoding;
    this.scope = scope;
  }

  boolean writesTo(Object stream) {
    return real == stream;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (blocked != null) {
      throw blocked;
    }
    if (sent) {
      // The JDK's own buffering stream ignores writes once the body has gone: so does this one.
      return;
    }
    if (!passThrough && body.size() + (long) len > engine.maxBodySize()) {
      goUnprotected();
    }
    if (passThrough) {
      real.write(b, off, len);
    } else {
      body.write(b, off, len);
    }
  }

  /** Past max-body-size: blocked with fail-mode closed, else the body goes out as it is. */
  private void goUnprotected() throws IOException {
    try {
      engine.cannotProtect(host, "request body is over max-body-size (" + engine.maxBodySize() + " bytes)");
    } catch (RequestBlockedException e) {
      blocked = e;
      body = null;
      throw e;
    }
    passThrough = true;
    body.writeTo(real);
    body = null;
  }

  @Override
  public void flush() throws IOException {
    // A body held back cannot go out in parts: it is rewritten as a whole.
    if (passThrough) {
      real.flush();
    }
  }

  @Override
  public void close() throws IOException {
    send();
    real.close();
  }

  /** The body as sent (after {@link #send}), or null if it went out as the app wrote it, past max-body-size. */
  byte[] sentBody() {
    return sentBody;
  }

  /** Writes the protected body to the real stream, once. */
  void send() throws IOException {
    if (blocked != null) {
      throw blocked;
    }
    if (sent) {
      return;
    }
    sent = true;
    if (passThrough) {
      return;
    }
    byte[] whole = body.toByteArray();
    body = null;
    try {
      sentBody = engine.protectRequest(host, contentType, contentEncoding, whole, scope);
      real.write(sentBody);
    } catch (RequestBlockedException e) {
      blocked = e;
      throw e;
    }
  }
}
