package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code URL.openConnection()} and {@code openConnection(Proxy)}: hands out the gateway's connection. */
final class OpenConnectionAdvice {

  private OpenConnectionAdvice() {}

  /** Returns the connection (or exception) to use instead, skipping the method, or null to go on. */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(@Advice.This Object url, @Advice.AllArguments Object[] args) {
    return AegisBridge.hooks().urlOpenConnection(url, args.length == 0 ? null : args[0]);
  }

  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.Enter Object routed,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object connection,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (routed instanceof Throwable) {
      thrown = (Throwable) routed;
    } else if (routed != null) {
      connection = routed;
    }
  }
}
