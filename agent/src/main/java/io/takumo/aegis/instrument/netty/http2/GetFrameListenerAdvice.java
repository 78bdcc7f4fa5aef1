package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code DefaultHttp2ConnectionDecoder.frameListener()}: callers get their own listener back. */
final class GetFrameListenerAdvice {

  private GetFrameListenerAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object listener) {
    listener = AegisBridge.hooks().nettyHttp2FrameListenerGot(listener);
  }
}
