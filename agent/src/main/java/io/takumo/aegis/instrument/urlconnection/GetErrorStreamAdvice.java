package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.io.InputStream;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpURLConnection.getErrorStream()}: hands the app a restoring stream. */
final class GetErrorStreamAdvice {

  private GetErrorStreamAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(@Advice.This Object connection, @Advice.Return(readOnly = false) InputStream stream) {
    stream = (InputStream) AegisBridge.hooks().urlConnectionResponseStream(connection, stream);
  }
}
