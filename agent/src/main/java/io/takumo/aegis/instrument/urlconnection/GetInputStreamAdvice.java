package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.io.IOException;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpURLConnection.getInputStream()}, which the JDK also calls for
 * {@code getResponseCode()} and every response header: sends a request body still held back,
 * then hands the app a restoring stream.
 */
final class GetInputStreamAdvice {

  private GetInputStreamAdvice() {}

  /** Returns the exception to fail with (skipping the exchange), or null to go on. */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static IOException enter(@Advice.This Object connection) {
    return AegisBridge.hooks().urlConnectionSendRequest(connection);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.This Object connection,
      @Advice.Enter IOException blocked,
      @Advice.Return(readOnly = false) InputStream stream,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (blocked != null) {
      thrown = blocked;
    } else if (thrown == null) {
      stream = (InputStream) AegisBridge.hooks().urlConnectionResponseStream(connection, stream);
    }
  }
}
