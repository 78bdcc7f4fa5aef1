package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into the async clients' {@code doExecute(target, producer, consumer, ...)}. */
final class AsyncExecuteAdvice {

  private AsyncExecuteAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  @SuppressWarnings("unused")
  static void enter(
      @Advice.This Object client,
      @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object target,
      @Advice.Argument(value = 1, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object producer,
      @Advice.Argument(value = 2, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object consumer) {
    Object[] exchange = AegisBridge.hooks().apache5AsyncExchange(client, target, producer, consumer);
    if (exchange != null) {
      producer = exchange[0];
      consumer = exchange[1];
      if (exchange.length > 2) {
        target = exchange[2];
      }
    }
  }
}
