package io.takumo.aegis.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * OkHttp 3, 4 and 5, in gateway mode only: {@code RetryAndFollowUpInterceptor.followUpRequest}
 * returns the request a response is followed up with (a redirect, an authentication, a retry),
 * built from the routed request with its headers. The hook keeps a routed request from following
 * one to another host ({@link OkHttpRedirects#followUp}).
 */
public final class OkHttpRedirectInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "okhttp-redirects";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("okhttp3/internal/http/RetryAndFollowUpInterceptor");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named("okhttp3.internal.http.RetryAndFollowUpInterceptor"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(OkHttpRedirectInstrumentation.class.getClassLoader())
                .advice(named("followUpRequest").and(returns(named("okhttp3.Request"))),
                    OkHttpRedirectAdvice.class.getName()));
  }
}
