package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of Reactor Netty's {@code HttpClientHandler.test(Throwable)}: the retry
 * filter of the request's Mono, which sees every failure of it (a connect failure included).
 */
final class ClientHandlerFailedAdvice {

  private ClientHandlerFailedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object handler, @Advice.Argument(0) Throwable failure, @Advice.Return boolean retried) {
    if (!retried) {
      AegisBridge.hooks().reactorNettyFailed(handler, failure);
    }
  }
}
