package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.io.IOException;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the classic clients' {@code doExecute(target, request, context)}. */
final class ClassicExecuteAdvice {

  private ClassicExecuteAdvice() {}

  /**
   * Returns the exchange to restore the response of, an IOException to throw instead, or null. In
   * gateway mode the target becomes the gateway's (the request is readdressed alike).
   */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = IOException.class)
  static Object enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object target,
      @Advice.Argument(1) Object request) {
    Object exchange = AegisBridge.hooks().apache5ClassicRequest(client, target, request);
    Object gateway = AegisBridge.hooks().gatewayTarget(exchange);
    if (gateway != null) {
      target = gateway;
    }
    return exchange;
  }

  /**
   * Restores the response; a routed request that never reached the gateway fails with the
   * one-line IOException, or with gateway-fallback local may be sent again straight to the
   * provider, whose response (or failure) is then the method's.
   */
  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.This Object client,
      @Advice.Argument(1) Object request,
      @Advice.Argument(2) Object context,
      @Advice.Enter Object exchange,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response,
      @Advice.Thrown(readOnly = false) Throwable thrown) {
    if (exchange instanceof IOException) {
      thrown = (IOException) exchange;
    } else if (exchange != null) {
      if (thrown == null && response != null) {
        AegisBridge.hooks().apache5ClassicResponse(exchange, response);
      }
      AegisBridge.hooks().gatewayExchangeEnded(exchange);
      if (thrown != null) {
        thrown = AegisBridge.hooks().gatewayExchangeFailed(exchange, thrown);
        Object again = AegisBridge.hooks().gatewayExchangeResent(exchange, client, request, context);
        if (again instanceof Throwable) {
          thrown = (Throwable) again;
        } else if (again != null) {
          response = again;
          thrown = null;
        }
      }
    }
  }
}
