package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into HttpAsyncClient 4.1's {@code execute(producer, consumer, context, callback)}. */
final class AsyncExecuteAdvice {

  private AsyncExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object producer,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object consumer) {
    Object[] exchange = AegisBridge.hooks().apache4AsyncExchange(client, producer, consumer);
    if (exchange != null) {
      producer = exchange[0];
      consumer = exchange[1];
    }
  }
}
