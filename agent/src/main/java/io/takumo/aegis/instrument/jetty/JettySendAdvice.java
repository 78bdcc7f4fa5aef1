package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpRequest.send(Response.CompleteListener)}. Skips the send when the agent
 * takes it over: the body is still being written by the app, and the agent sends the request
 * itself once it has the whole body and has protected it.
 */
final class JettySendAdvice {

  private JettySendAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Advice.OnNonDefaultValue.class)
  static boolean enter(@Advice.This Object request, @Advice.Argument(0) Object listener) {
    return AegisBridge.hooks().jettyRequestSending(request, listener);
  }
}
