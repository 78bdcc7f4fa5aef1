package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/** Inlined at the end of Reactor Netty's {@code HttpClientHandler(HttpClientConfig)}. */
final class ClientHandlerCreatedAdvice {

  private ClientHandlerCreatedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object handler) {
    AegisBridge.hooks().reactorNettyClientHandler(handler);
  }
}
