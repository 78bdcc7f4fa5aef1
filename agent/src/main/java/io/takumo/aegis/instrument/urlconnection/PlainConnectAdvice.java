package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.io.IOException;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpURLConnection.plainConnect0()}, where the JDK opens the socket: a
 * connection to the gateway that failed there may be readdressed to the provider and connected
 * again (see {@link UrlConnectionFallback}), or fail with another exception.
 */
final class PlainConnectAdvice {

  private PlainConnectAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = IOException.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.This Object connection,
      @Advice.FieldValue(value = "url", readOnly = false) URL url,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (thrown == null) {
      return;
    }
    Object next = AegisBridge.hooks().urlConnectionConnectFailed(connection, thrown);
    if (next instanceof Throwable) {
      thrown = (Throwable) next;
    } else if (next instanceof URL) {
      url = (URL) next;
      thrown = AegisBridge.hooks().urlConnectionReconnect(connection);
    }
  }
}
