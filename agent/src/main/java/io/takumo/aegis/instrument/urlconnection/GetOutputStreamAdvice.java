package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.io.OutputStream;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code HttpURLConnection.getOutputStream()}: hands the app a protecting stream. */
final class GetOutputStreamAdvice {

  private GetOutputStreamAdvice() {}

  /**
   * A streaming mode would send the headers, Content-Length included, before the first byte of
   * the body: for a body the agent rewrites, turn it off, so the JDK buffers the body instead.
   */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void enter(
      @Advice.This Object connection,
      @Advice.FieldValue(value = "fixedContentLength", readOnly = false) int fixedContentLength,
      @Advice.FieldValue(value = "fixedContentLengthLong", readOnly = false) long fixedContentLengthLong,
      @Advice.FieldValue(value = "chunkLength", readOnly = false) int chunkLength) {
    if ((fixedContentLength != -1 || fixedContentLengthLong != -1 || chunkLength != -1)
        && AegisBridge.hooks().urlConnectionProtectsBody(connection)) {
      fixedContentLength = -1;
      fixedContentLengthLong = -1;
      chunkLength = -1;
    }
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(@Advice.This Object connection, @Advice.Return(readOnly = false) OutputStream stream) {
    stream = (OutputStream) AegisBridge.hooks().urlConnectionRequestStream(connection, stream);
  }
}
