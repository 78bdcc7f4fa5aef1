package io.takumo.aegis.instrument.apache5;

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
 * Apache HttpClient 5. Every classic {@code execute} overload ends in {@code doExecute(target,
 * request, context)} of {@code InternalHttpClient} (what the builders make) or
 * {@code MinimalHttpClient}; every async {@code execute} (SimpleHttpRequest, producer/consumer,
 * HTTP/1.1 and HTTP/2 clients) ends in {@code doExecute(target, producer, consumer, ...)} of
 * {@code InternalAbstractHttpAsyncClient} or {@code AbstractMinimalHttpAsyncClientBase}. Exact
 * names only: a shaded copy under another package is not touched. The future an async client
 * returns is HttpCore's {@code ComplexFuture}: its {@code failed(Exception)} is where the agent
 * makes it fail as the app's response consumer did ({@link AsyncFailures}).
 */
public final class Apache5Instrumentation implements Instrumentation {

  private static final String CLASSIC_INTERNAL = "org.apache.hc.client5.http.impl.classic.InternalHttpClient";
  private static final String CLASSIC_MINIMAL = "org.apache.hc.client5.http.impl.classic.MinimalHttpClient";
  private static final String ASYNC_INTERNAL = "org.apache.hc.client5.http.impl.async.InternalAbstractHttpAsyncClient";
  private static final String ASYNC_MINIMAL = "org.apache.hc.client5.http.impl.async.AbstractMinimalHttpAsyncClientBase";
  private static final String COMPLEX_FUTURE = "org.apache.hc.core5.concurrent.ComplexFuture";

  private static final ElementMatcher<MethodDescription> CLASSIC_EXECUTE =
      named("doExecute")
          .and(takesArguments(3))
          .and(takesArgument(0, named("org.apache.hc.core5.http.HttpHost")))
          .and(takesArgument(1, named("org.apache.hc.core5.http.ClassicHttpRequest")));
  private static final ElementMatcher<MethodDescription> ASYNC_EXECUTE =
      named("doExecute")
          .and(takesArguments(6))
          .and(takesArgument(0, named("org.apache.hc.core5.http.HttpHost")))
          .and(takesArgument(1, named("org.apache.hc.core5.http.nio.AsyncRequestProducer")))
          .and(takesArgument(2, named("org.apache.hc.core5.http.nio.AsyncResponseConsumer")));

  @Override
  public String name() {
    return "apache-httpclient-5";
  }

  @Override
  public Set<String> targetTypes() {
    Set<String> names = new HashSet<>();
    for (String name : Arrays.asList(CLASSIC_INTERNAL, CLASSIC_MINIMAL, ASYNC_INTERNAL, ASYNC_MINIMAL, COMPLEX_FUTURE)) {
      names.add(name.replace('.', '/'));
    }
    return Collections.unmodifiableSet(names);
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(namedOneOf(CLASSIC_INTERNAL, CLASSIC_MINIMAL).and(declaresMethod(CLASSIC_EXECUTE)))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(Apache5Instrumentation.class.getClassLoader())
                .advice(CLASSIC_EXECUTE, ClassicExecuteAdvice.class.getName()))
        .type(namedOneOf(ASYNC_INTERNAL, ASYNC_MINIMAL).and(declaresMethod(ASYNC_EXECUTE)))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(Apache5Instrumentation.class.getClassLoader())
                .advice(ASYNC_EXECUTE, AsyncExecuteAdvice.class.getName()))
        .type(named(COMPLEX_FUTURE))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(Apache5Instrumentation.class.getClassLoader())
                .advice(named("failed").and(takesArguments(1)).and(takesArgument(0, Exception.class)),
                    FutureFailedAdvice.class.getName()));
  }
}
