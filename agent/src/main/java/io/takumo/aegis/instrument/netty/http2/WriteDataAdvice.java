package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code DefaultHttp2ConnectionEncoder.writeData(ctx, streamId, data, padding,
 * endStream, promise)}: skips it for a frame the agent took over, returning the promise.
 */
final class WriteDataAdvice {

  private WriteDataAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static boolean enter(@Advice.This Object encoder, @Advice.Argument(0) Object ctx, @Advice.Argument(1) int streamId,
      @Advice.Argument(2) Object data, @Advice.Argument(3) int padding, @Advice.Argument(4) boolean endStream,
      @Advice.Argument(5) Object promise) {
    return AegisBridge.hooks().nettyHttp2WriteData(encoder, ctx, streamId, data, padding, endStream, promise);
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(@Advice.Enter boolean taken, @Advice.Argument(5) Object promise,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    if (taken) {
      future = promise;
    }
  }
}
