package io.takumo.aegis.instrument.jdkhttp;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code jdk.internal.net.http.RedirectFilter.response(Response)}. */
final class JdkRedirectAdvice {

  private JdkRedirectAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object next) {
    if (next != null) {
      next = AegisBridge.hooks().jdkHttpRedirect(next);
    }
  }
}
