package io.takumo.aegis.instrument.jdkhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code java.net.http.HttpClient}: every {@code send} and {@code sendAsync} of the JDK's client
 * funnels into one private {@code sendAsync(request, handler, pushHandler, executor)} of
 * {@code HttpClientImpl}, so one advice there sees every exchange, HTTP/1.1 and HTTP/2 alike.
 */
public final class JdkHttpClientInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "jdk-http-client";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("jdk/internal/net/http/HttpClientImpl");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    TrustedSubscribers.exportTo(inst);
    return builder
        .type(named("jdk.internal.net.http.HttpClientImpl"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(JdkHttpClientInstrumentation.class.getClassLoader())
                .advice(
                    named("sendAsync")
                        .and(takesArguments(4))
                        .and(takesArgument(0, named("java.net.http.HttpRequest"))),
                    JdkHttpClientAdvice.class.getName()));
  }
}
