package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code DefaultHttp2ConnectionEncoder.writeHeaders(ctx, streamId, headers,
 * streamDependency, weight, exclusive, padding, endStream, promise)}, the one Vert.x calls.
 */
final class WritePrioritizedHeadersAdvice {

  private WritePrioritizedHeadersAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  static void enter(@Advice.This Object encoder, @Advice.Argument(0) Object ctx, @Advice.Argument(1) int streamId,
      @Advice.Argument(2) Object headers, @Advice.Argument(7) boolean endStream) {
    AegisBridge.hooks().nettyHttp2WriteHeaders(encoder, ctx, streamId, headers, endStream);
  }
}
