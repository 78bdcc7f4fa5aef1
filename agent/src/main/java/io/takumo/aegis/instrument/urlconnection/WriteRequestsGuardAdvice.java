package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.io.IOException;
import java.net.URL;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code sun.net.www.http.HttpClient.writeRequests(MessageHeader, PosterOutputStream)},
 * which writes an {@code HttpURLConnection}'s request head and buffered body (the streaming and
 * three-argument forms call it too): see {@link UnwovenConnectionGuard}.
 */
final class WriteRequestsGuardAdvice {

  private WriteRequestsGuardAdvice() {}

  /** Returns the exception to fail with (skipping the write), or null to go on. */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static IOException enter(@Advice.FieldValue("url") URL url, @Advice.Argument(0) Object headers) {
    return AegisBridge.hooks().urlConnectionUnwovenWrite(url, headers);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(@Advice.Enter IOException blocked, @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (blocked != null) {
      thrown = blocked;
    }
  }
}
