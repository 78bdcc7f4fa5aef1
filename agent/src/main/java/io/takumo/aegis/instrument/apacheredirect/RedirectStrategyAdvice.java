package io.takumo.aegis.instrument.apacheredirect;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined at the start of the constructors that take an Apache client's {@code RedirectStrategy}. */
final class RedirectStrategyAdvice {

  private RedirectStrategyAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.AllArguments(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object[] arguments) {
    arguments = AegisBridge.hooks().apacheRedirectStrategies(arguments);
  }
}
