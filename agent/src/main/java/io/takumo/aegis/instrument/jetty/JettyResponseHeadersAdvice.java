package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code ResponseListeners.notifyHeaders(Response)}, before the listeners run. */
final class JettyResponseHeadersAdvice {

  private JettyResponseHeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Object response) {
    AegisBridge.hooks().jettyResponseHeaders(response);
  }
}
