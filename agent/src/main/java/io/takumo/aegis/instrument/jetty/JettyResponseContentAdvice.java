package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into {@code ResponseListeners.notifyContentSource(Response, Content.Source)}: hands the
 * listeners a restoring source in place of the response's own.
 */
final class JettyResponseContentAdvice {

  private JettyResponseContentAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void enter(
      @Advice.Argument(0) Object response,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object source) {
    source = AegisBridge.hooks().jettyResponseContent(response, source);
  }
}
