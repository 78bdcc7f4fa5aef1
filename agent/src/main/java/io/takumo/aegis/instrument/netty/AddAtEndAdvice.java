package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code DefaultChannelPipeline.addFirst/addLast(group, name, handler)}. */
final class AddAtEndAdvice {

  private AddAtEndAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object pipeline, @Advice.Argument(2) Object handler) {
    AegisBridge.hooks().nettyHandlerAdded(pipeline, handler);
  }
}
