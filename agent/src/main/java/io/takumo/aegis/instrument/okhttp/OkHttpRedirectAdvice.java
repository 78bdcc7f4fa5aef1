package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code RetryAndFollowUpInterceptor.followUpRequest}. */
final class OkHttpRedirectAdvice {

  private OkHttpRedirectAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(@Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object next) {
    if (next != null) {
      next = AegisBridge.hooks().okHttpFollowUp(next);
    }
  }
}
