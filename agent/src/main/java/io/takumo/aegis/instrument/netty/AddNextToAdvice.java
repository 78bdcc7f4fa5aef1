package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code DefaultChannelPipeline.addBefore/addAfter(group, base, name, handler)}. */
final class AddNextToAdvice {

  private AddNextToAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object pipeline, @Advice.Argument(3) Object handler) {
    AegisBridge.hooks().nettyHandlerAdded(pipeline, handler);
  }
}
