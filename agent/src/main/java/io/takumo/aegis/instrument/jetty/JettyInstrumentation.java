package io.takumo.aegis.instrument.jetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Jetty {@code HttpClient} 12: every request, whatever API sent it ({@code send()},
 * {@code send(listener)}, {@code CompletableResponseListener}, {@code InputStreamResponseListener}),
 * goes through {@code HttpRequest.send(Response.CompleteListener)}; and every response reaches its
 * listeners through {@code ResponseListeners.notifyHeaders(Response)} then, for its body, one
 * {@code notifyContentSource(Response, Content.Source)} call, after Jetty has undone its own gzip.
 * Once it has, Jetty writes the decoded length into the response's {@code Content-Length}
 * ({@code HttpReceiver.afterDecoding(Response, long)}); that is skipped for restored responses.
 * In gateway mode, a connection that could not be opened fails the requests queued for it through
 * {@code HttpDestination.failed(Throwable)}: the agent's routed ones are dealt with first.
 * Methods are matched by exact name and signature: a Jetty where they differ is simply not woven.
 */
public final class JettyInstrumentation implements Instrumentation {

  static final String REQUEST = "org.eclipse.jetty.client.transport.HttpRequest";
  static final String RESPONSE_LISTENERS = "org.eclipse.jetty.client.transport.ResponseListeners";
  static final String RECEIVER = "org.eclipse.jetty.client.transport.HttpReceiver";
  static final String DESTINATION = "org.eclipse.jetty.client.transport.HttpDestination";

  @Override
  public String name() {
    return "jetty-client";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.unmodifiableSet(
        new HashSet<>(Arrays.asList(
            REQUEST.replace('.', '/'), RESPONSE_LISTENERS.replace('.', '/'), RECEIVER.replace('.', '/'),
            DESTINATION.replace('.', '/'))));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named(REQUEST))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(JettyInstrumentation.class.getClassLoader())
                .advice(
                    named("send")
                        .and(takesArguments(1))
                        .and(takesArgument(0, named("org.eclipse.jetty.client.Response$CompleteListener"))),
                    JettySendAdvice.class.getName()))
        .type(named(RESPONSE_LISTENERS))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(JettyInstrumentation.class.getClassLoader())
                .advice(
                    named("notifyContentSource")
                        .and(takesArguments(2))
                        .and(takesArgument(0, named("org.eclipse.jetty.client.Response")))
                        .and(takesArgument(1, named("org.eclipse.jetty.io.Content$Source"))),
                    JettyResponseContentAdvice.class.getName())
                .advice(
                    named("notifyHeaders")
                        .and(takesArguments(1))
                        .and(takesArgument(0, named("org.eclipse.jetty.client.Response"))),
                    JettyResponseHeadersAdvice.class.getName()))
        .type(named(RECEIVER))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(JettyInstrumentation.class.getClassLoader())
                .advice(
                    named("afterDecoding")
                        .and(takesArguments(2))
                        .and(takesArgument(0, named("org.eclipse.jetty.client.Response")))
                        .and(takesArgument(1, long.class)),
                    JettyResponseDecodedAdvice.class.getName()))
        .type(named(DESTINATION))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(JettyInstrumentation.class.getClassLoader())
                .advice(
                    named("failed").and(takesArguments(1)).and(takesArgument(0, Throwable.class)),
                    JettyDestinationFailedAdvice.class.getName()));
  }
}
