package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the end of Reactor Netty's {@code HttpClientHandler.test(Throwable)}: the retry
 * filter of the request's Mono, which sees every failure of it (a connect failure included). A
 * failure it does not retry may be retried after all: a request the agent sends again straight to
 * the provider.
 */
final class ClientHandlerFailedAdvice {

  private ClientHandlerFailedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  static void exit(@Advice.This Object handler, @Advice.Argument(0) Throwable failure,
      @Advice.Return(readOnly = false) boolean retried) {
    if (!retried && AegisBridge.hooks().reactorNettyFailed(handler, failure)) {
      retried = true;
    }
  }
}
