package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.io.IOException;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code AbstractDelegateHttpsURLConnection.connect()}, which runs the TLS handshake
 * (and a proxy tunnel) after {@code plainConnect()}: a routed connection whose handshake with the
 * gateway failed there may be readdressed to the provider and connected again (see
 * {@link UrlConnectionFallback#tlsFailed}), or fail with another exception.
 */
final class HttpsConnectAdvice {

  private HttpsConnectAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = IOException.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.This Object connection,
      @Advice.FieldValue("connected") boolean connected,
      @Advice.FieldValue(value = "url", readOnly = false) URL url,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    // Not connected: plainConnect() failed, and PlainConnectAdvice has dealt with that.
    if (thrown == null || !connected) {
      return;
    }
    Object next = AegisBridge.hooks().urlConnectionTlsFailed(connection, thrown);
    if (next instanceof Throwable) {
      thrown = (Throwable) next;
    } else if (next instanceof URL) {
      url = (URL) next;
      thrown = AegisBridge.hooks().urlConnectionReconnectTls(connection);
    }
  }
}
