package io.takumo.aegis.instrument.netty;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Reactor Netty's {@code HttpClient} (and Spring's WebClient on it), in gateway mode only: each
 * request's target is resolved once, in the constructor of {@code HttpClientConnect.HttpClientHandler},
 * before the connection (pool, remote address, TLS) is chosen from it; and each attempt's request
 * is built in its {@code requestWithBody}; and each failure of the request passes its {@code test},
 * the retry filter of the request's Mono. See {@link ReactorNettyRouting}.
 */
public final class ReactorNettyRoutingInstrumentation implements Instrumentation {

  static final String CLIENT_HANDLER = "reactor.netty.http.client.HttpClientConnect$HttpClientHandler";

  @Override
  public String name() {
    return "reactor-netty-gateway-routing";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton(CLIENT_HANDLER.replace('.', '/'));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named(CLIENT_HANDLER))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(ReactorNettyRoutingInstrumentation.class.getClassLoader())
                .advice(isConstructor().and(takesArguments(1)), ClientHandlerCreatedAdvice.class.getName())
                .advice(named("requestWithBody").and(takesArguments(1)), RequestWithBodyAdvice.class.getName())
                .advice(named("test").and(takesArguments(Throwable.class)), ClientHandlerFailedAdvice.class.getName()));
  }
}
