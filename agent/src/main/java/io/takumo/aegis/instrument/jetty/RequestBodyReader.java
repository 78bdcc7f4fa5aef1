package io.takumo.aegis.instrument.jetty;

import java.io.ByteArrayOutputStream;

/**
 * Reads a request's {@code Content.Source} to its end the way Jetty would, demand by demand, never
 * blocking: an in-memory body is read at once, a body the app writes after {@code send} (an
 * {@code OutputStreamRequestContent}, an {@code AsyncRequestContent}) as the app writes it.
 */
final class RequestBodyReader implements Runnable {

  /** Told once, on whatever thread read the last chunk. */
  interface Done {
    /** @param body the whole body, or null if it failed or grew past the limit */
    void bodyRead(byte[] body, Throwable failure, boolean tooLarge);
  }

  private final JettyTypes jetty;
  private final Object source;
  private final long limit;
  private final Done done;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private boolean tooLarge;

  RequestBodyReader(JettyTypes jetty, Object source, long limit, Done done) {
    this.jetty = jetty;
    this.source = source;
    this.limit = limit;
    this.done = done;
  }

  /** Reads what is there now; demands the rest. Also the demand callback. */
  @Override
  public void run() {
    try {
      readAvailable();
    } catch (Throwable t) {
      done.bodyRead(null, t, false);
    }
  }

  private void readAvailable() throws Throwable {
    while (true) {
      Object chunk = (Object) jetty.sourceRead.invokeExact(source);
      if (chunk == null) {
        Object ignored = (Object) jetty.sourceDemand.invokeExact(source, (Object) this);
        return;
      }
      if (jetty.isFailure(chunk)) {
        done.bodyRead(null, (Throwable) (Object) jetty.chunkFailure.invokeExact(chunk), false);
        return;
      }
      boolean last;
      try {
        byte[] bytes = jetty.bytes(chunk);
        // Past the limit the rest is drained and dropped, so the app's writes still complete.
        tooLarge = tooLarge || body.size() + (long) bytes.length > limit;
        if (tooLarge) {
          body.reset();
        } else {
          body.write(bytes, 0, bytes.length);
        }
        last = jetty.isLast(chunk);
      } finally {
        // Releasing tells a writing app its bytes were taken: its blocked write returns.
        jetty.release(chunk);
      }
      if (last) {
        done.bodyRead(tooLarge ? null : body.toByteArray(), null, tooLarge);
        return;
      }
    }
  }
}
