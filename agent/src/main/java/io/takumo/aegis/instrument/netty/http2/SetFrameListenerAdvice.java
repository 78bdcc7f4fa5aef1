package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code DefaultHttp2ConnectionDecoder.frameListener(listener)}: sets the agent's listener in front. */
final class SetFrameListenerAdvice {

  private SetFrameListenerAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void enter(@Advice.This Object decoder,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object listener) {
    listener = AegisBridge.hooks().nettyHttp2FrameListenerSet(decoder, listener);
  }
}
