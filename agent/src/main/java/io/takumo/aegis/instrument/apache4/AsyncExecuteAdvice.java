package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into HttpAsyncClient 4.1's {@code execute(producer, consumer, context, callback)}. */
final class AsyncExecuteAdvice {

  private AsyncExecuteAdvice() {}

  /** Returns gateway mode's routing of the exchange (to end on exit), or null. */
  @Advice.OnMethodEnter(suppress = Throwable.class)
  static Object enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object producer,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object consumer,
      @Advice.Argument(value = 3, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object callback) {
    Object[] exchange = AegisBridge.hooks().apache4AsyncExchange(client, producer, consumer);
    if (exchange != null) {
      producer = exchange[0];
      consumer = exchange[1];
      if (exchange.length > 2) {
        callback = AegisBridge.hooks().apache4AsyncCallback(exchange[2], callback);
        return exchange[2];
      }
    }
    return null;
  }

  /**
   * The exchange has started (its request generated and copied): the app's request is put back,
   * and a routed exchange's future is handed out wrapped.
   */
  @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class)
  @SuppressWarnings("unused")
  static void exit(
      @Advice.Enter Object routing,
      @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object future) {
    if (routing != null) {
      AegisBridge.hooks().gatewayExchangeEnded(routing);
      if (future != null) {
        future = AegisBridge.hooks().apache4AsyncFuture(routing, future);
      }
    }
  }
}
