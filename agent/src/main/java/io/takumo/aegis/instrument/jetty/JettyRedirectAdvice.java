package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into {@code RedirectProtocolHandler.accept(Request, Response)}. */
final class JettyRedirectAdvice {

  private JettyRedirectAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.Argument(0) Object request, @Advice.Return(readOnly = false) boolean accepted) {
    if (accepted) {
      accepted = AegisBridge.hooks().jettyFollowsRedirect(request);
    }
  }
}
