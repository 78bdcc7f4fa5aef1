package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined at the start of {@code HttpDestination.failed(Throwable)}, which Jetty's connection pool
 * calls when a new connection could not be opened, to fail the requests queued for it.
 */
final class JettyDestinationFailedAdvice {

  private JettyDestinationFailedAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object destination, @Advice.Argument(0) Throwable failure) {
    AegisBridge.hooks().jettyConnectFailed(destination, failure);
  }
}
