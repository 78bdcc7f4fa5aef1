package io.takumo.aegis.instrument.okhttp;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/** Inlined into the {@code OkHttpClient(Builder)} constructor: adds the agent's interceptor. */
final class OkHttpClientAdvice {

  private OkHttpClientAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.Argument(0) Object builder) {
    AegisBridge.hooks().okHttpClientBuilding(builder);
  }
}
