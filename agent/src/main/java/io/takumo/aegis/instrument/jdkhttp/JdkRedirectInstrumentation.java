package io.takumo.aegis.instrument.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code java.net.http.HttpClient}'s redirects, in gateway mode only: {@code RedirectFilter.response}
 * returns the request a redirect is followed with, a copy of the previous one with all its headers
 * (the route's included), whatever host it goes to. The hook keeps a routed request from following
 * one to another host ({@link JdkHttpClientExchange#redirect}).
 */
public final class JdkRedirectInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "jdk-http-client-redirects";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("jdk/internal/net/http/RedirectFilter");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named("jdk.internal.net.http.RedirectFilter"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(JdkRedirectInstrumentation.class.getClassLoader())
                .advice(named("response").and(takesArguments(1)), JdkRedirectAdvice.class.getName()));
  }
}
