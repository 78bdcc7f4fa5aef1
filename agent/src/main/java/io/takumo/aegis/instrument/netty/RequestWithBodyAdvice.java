package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the start of Reactor Netty's {@code HttpClientHandler.requestWithBody(operations)}. */
final class RequestWithBodyAdvice {

  private RequestWithBodyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object handler, @Advice.Argument(0) Object operations) {
    AegisBridge.hooks().reactorNettyRequest(handler, operations);
  }
}
