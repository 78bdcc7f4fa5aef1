package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into Vert.x 4's {@code HttpClientImpl.doRequest(RequestOptions, PromiseInternal)}. */
final class DoRequestAdvice {

  private DoRequestAdvice() {}

  /** Returns true to skip the method: the hook failed its promise (nothing is sent). */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static boolean enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object options,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object promise) {
    Object[] routed = AegisBridge.hooks().vertxRequest(client, options, promise);
    if (routed == null) {
      return false;
    }
    if (routed[0] == null) {
      return true;
    }
    options = routed[0];
    if (routed.length > 1 && routed[1] != null) {
      promise = routed[1];
    }
    return false;
  }
}
