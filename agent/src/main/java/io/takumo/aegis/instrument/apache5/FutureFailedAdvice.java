package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined at the start of HttpCore 5's {@code ComplexFuture.failed(Exception)}, the future an async
 * client hands the app, which also calls the app's {@code FutureCallback}.
 */
final class FutureFailedAdvice {

  private FutureFailedAdvice() {}

  /** Skips the method (which then returns false) when the agent ends the future itself. */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  @SuppressWarnings("unused")
  static boolean enter(
      @Advice.This Object future,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object cause) {
    if (cause == null) {
      return false; // null is the hook's "skip": a null cause is the client's own affair
    }
    Object instead = AegisBridge.hooks().apache5FutureFailed(future, cause);
    if (instead == null) {
      return true;
    }
    cause = instead;
    return false;
  }
}
