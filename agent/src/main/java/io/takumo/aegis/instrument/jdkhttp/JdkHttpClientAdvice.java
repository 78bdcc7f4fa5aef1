package io.takumo.aegis.instrument.jdkhttp;

import io.takumo.aegis.bootstrap.AegisBridge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code HttpClientImpl.sendAsync}: swaps in the protected request and handler. */
final class JdkHttpClientAdvice {

  private JdkHttpClientAdvice() {}

  /**
   * Returns the exception to fail the exchange with (skipping the send), the routed exchange to
   * hand its future to on exit, or null.
   */
  @Advice.OnMethodEnter(suppress = Throwable.class, skipOn = Throwable.class)
  @SuppressWarnings({"rawtypes", "unused"})
  static Object enter(
      @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
      @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler handler) {
    Object[] exchange = AegisBridge.hooks().jdkHttpClientExchange(request, handler);
    if (exchange == null) {
      return null;
    }
    if (exchange.length == 1) {
      return exchange[0];
    }
    request = (HttpRequest) exchange[0];
    handler = (HttpResponse.BodyHandler) exchange[1];
    return exchange.length > 2 ? exchange[2] : null;
  }

  @Advice.OnMethodExit(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.This Object client,
      @Advice.Argument(2) Object pushHandler,
      @Advice.Enter Object entered,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    if (entered instanceof Throwable) {
      future = CompletableFuture.failedFuture((Throwable) entered);
    } else if (entered != null) {
      future = AegisBridge.hooks().jdkHttpClientSent(entered, client, future, pushHandler);
    }
  }
}
