package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.bootstrap.AegisBridge;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code HttpReceiver.afterDecoding(Response, long)}: skips it for a response the
 * agent restores, so that Jetty does not put the decoded (tokenized) body's length in its headers.
 */
final class JettyResponseDecodedAdvice {

  private JettyResponseDecodedAdvice() {}

  @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
  static boolean enter(@Advice.Argument(0) Object response) {
    return AegisBridge.hooks().jettyResponseDecoded(response);
  }
}
