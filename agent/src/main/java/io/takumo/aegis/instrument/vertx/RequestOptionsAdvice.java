package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into Vert.x 5's {@code HttpClientImpl.request(RequestOptions)}. */
final class RequestOptionsAdvice {

  private RequestOptionsAdvice() {}

  /** Returns the failed future to return instead (the method is then skipped), or null. */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static Object enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object options) {
    Object[] routed = AegisBridge.hooks().vertxRequest(client, options, null);
    if (routed == null) {
      return null;
    }
    if (routed.length > 1) {
      return routed[1];
    }
    options = routed[0];
    return null;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.Enter Object failed,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    if (failed != null) {
      future = failed;
    }
  }
}
