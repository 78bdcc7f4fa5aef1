package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into Vert.x 5's {@code HttpClientImpl.request(RequestOptions)}, and into {@code
 * UnpooledHttpClientConnection.request(RequestOptions)} (a connection the app opened itself).
 */
final class RequestOptionsAdvice {

  private RequestOptionsAdvice() {}

  /** Returns the failed future to return instead (the method is then skipped), or null. */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object options,
      @Advice.Local("exchange") Object exchange) {
    exchange = null;
    Object[] routed = AegisBridge.hooks().vertxRequest(client, options, null);
    if (routed == null) {
      return null;
    }
    if (routed[0] == null) {
      return routed[1];
    }
    options = routed[0];
    exchange = routed.length > 1 ? routed[1] : null;
    return null;
  }

  /** Returns the skipped method's failed future, or a routed request's, recovered from a failed connection to the gateway. */
  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.Enter Object failed,
      @Advice.Local("exchange") Object exchange,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    if (failed != null) {
      future = failed;
    } else if (exchange != null) {
      future = AegisBridge.hooks().vertxRequestStarted(exchange, future);
    }
  }
}
