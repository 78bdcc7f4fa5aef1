package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into Vert.x 5's {@code HttpClientImpl.connect(HttpConnectOptions)}. */
final class ConnectAdvice {

  private ConnectAdvice() {}

  /** Returns the failed future to return instead (the method is then skipped), or null. */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object options,
      @Advice.Local("exchange") Object exchange) {
    exchange = null;
    Object[] routed = AegisBridge.hooks().vertxConnect(client, options);
    if (routed == null) {
      return null;
    }
    if (routed[0] == null) {
      return routed[1];
    }
    options = routed[0];
    exchange = routed[1];
    return null;
  }

  /** Returns the skipped method's failed future, or the routed connection's future. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.Enter Object failed,
      @Advice.Local("exchange") Object exchange,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    if (failed != null) {
      future = failed;
    } else if (exchange != null) {
      future = AegisBridge.hooks().vertxConnected(exchange, future);
    }
  }
}
