package io.takumo.aegis.instrument.apache4;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Apache HttpClient 4.x and HttpAsyncClient 4.1. Every classic {@code execute} overload ends in
 * {@code doExecute(target, request, context)} of {@code InternalHttpClient} (what the builders
 * make), {@code MinimalHttpClient} or the deprecated {@code AbstractHttpClient}
 * ({@code DefaultHttpClient}); every async {@code execute} ends in {@code execute(producer,
 * consumer, context, callback)} of {@code InternalHttpAsyncClient} or
 * {@code MinimalHttpAsyncClient}. Exact names only: a shaded copy under another package is not
 * touched.
 */
public final class Apache4Instrumentation implements Instrumentation {

  private static final String CLASSIC_INTERNAL = "org.apache.http.impl.client.InternalHttpClient";
  private static final String CLASSIC_MINIMAL = "org.apache.http.impl.client.MinimalHttpClient";
  private static final String CLASSIC_LEGACY = "org.apache.http.impl.client.AbstractHttpClient";
  private static final String ASYNC_INTERNAL = "org.apache.http.impl.nio.client.InternalHttpAsyncClient";
  private static final String ASYNC_MINIMAL = "org.apache.http.impl.nio.client.MinimalHttpAsyncClient";

  private static final ElementMatcher<MethodDescription> CLASSIC_EXECUTE =
      named("doExecute")
          .and(takesArguments(3))
          .and(takesArgument(0, named("org.apache.http.HttpHost")))
          .and(takesArgument(1, named("org.apache.http.HttpRequest")));
  private static final ElementMatcher<MethodDescription> ASYNC_EXECUTE =
      named("execute")
          .and(takesArguments(4))
          .and(takesArgument(0, named("org.apache.http.nio.protocol.HttpAsyncRequestProducer")))
          .and(takesArgument(1, named("org.apache.http.nio.protocol.HttpAsyncResponseConsumer")));

  @Override
  public String name() {
    return "apache-httpclient-4";
  }

  @Override
  public Set<String> targetTypes() {
    Set<String> names = new HashSet<>();
    for (String name : Arrays.asList(CLASSIC_INTERNAL, CLASSIC_MINIMAL, CLASSIC_LEGACY, ASYNC_INTERNAL, ASYNC_MINIMAL)) {
      names.add(name.replace('.', '/'));
    }
    return Collections.unmodifiableSet(names);
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(namedOneOf(CLASSIC_INTERNAL, CLASSIC_MINIMAL, CLASSIC_LEGACY).and(declaresMethod(CLASSIC_EXECUTE)))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(Apache4Instrumentation.class.getClassLoader())
                .advice(CLASSIC_EXECUTE, ClassicExecuteAdvice.class.getName()))
        .type(namedOneOf(ASYNC_INTERNAL, ASYNC_MINIMAL).and(declaresMethod(ASYNC_EXECUTE)))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(Apache4Instrumentation.class.getClassLoader())
                .advice(ASYNC_EXECUTE, AsyncExecuteAdvice.class.getName()));
  }
}
