package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultHttp2LocalFlowController.consumeBytes(stream, numBytes)}: on a
 * restored stream the client consumes restored bytes; the window must get back received ones.
 */
final class ConsumeBytesAdvice {

  private ConsumeBytesAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void enter(@Advice.FieldValue("ctx") Object ctx, @Advice.Argument(0) Object stream,
      @Advice.Argument(value = 1, readOnly = false) int numBytes) {
    numBytes = AegisBridge.hooks().nettyHttp2BytesConsumed(ctx, stream, numBytes);
  }
}
