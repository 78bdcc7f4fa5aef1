package io.takumo.aegis.instrument.vertx;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Vert.x's {@code HttpClient}, in gateway mode only: every request of Vert.x 4.5 (its future and
 * callback forms, the WebClient's too) goes through {@code HttpClientImpl.doRequest(RequestOptions,
 * PromiseInternal)}, every request of Vert.x 5 through {@code HttpClientImpl.request(RequestOptions)},
 * before the server address is taken from the options. Vert.x 5's explicit connections: {@code
 * HttpClientImpl.connect(HttpConnectOptions)}, and {@code request(RequestOptions)} on the
 * connection it hands out. See {@link VertxRouting}.
 */
public final class VertxRoutingInstrumentation implements Instrumentation {

  private static final String CLIENT = "io.vertx.core.http.impl.HttpClientImpl";
  private static final String OPTIONS = "io.vertx.core.http.RequestOptions";

  private static final ElementMatcher<MethodDescription> VERTX4_DO_REQUEST =
      named("doRequest")
          .and(takesArguments(2))
          .and(takesArgument(0, named(OPTIONS)))
          .and(takesArgument(1, named("io.vertx.core.impl.future.PromiseInternal")));
  private static final ElementMatcher<MethodDescription> VERTX5_REQUEST =
      named("request")
          .and(takesArguments(1))
          .and(takesArgument(0, named(OPTIONS)))
          .and(returns(named("io.vertx.core.Future")));
  private static final ElementMatcher<MethodDescription> VERTX5_CONNECT =
      named("connect")
          .and(takesArguments(1))
          .and(takesArgument(0, named("io.vertx.core.http.HttpConnectOptions")))
          .and(returns(named("io.vertx.core.Future")));
  /** Vert.x 5: what {@code connect} hands out, the app's requests on it going through {@code request(RequestOptions)}. */
  private static final String CONNECTION = "io.vertx.core.http.impl.UnpooledHttpClientConnection";

  @Override
  public String name() {
    return "vertx-gateway-routing";
  }

  @Override
  public Set<String> targetTypes() {
    return new HashSet<>(Arrays.asList(CLIENT.replace('.', '/'), CONNECTION.replace('.', '/')));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    // Vert.x 4.5's request(RequestOptions) ends in doRequest too: one hook per version, not two.
    return builder
        .type(named(CLIENT).and(declaresMethod(VERTX4_DO_REQUEST)))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(VertxRoutingInstrumentation.class.getClassLoader())
                .advice(VERTX4_DO_REQUEST, DoRequestAdvice.class.getName()))
        .type(named(CLIENT).and(not(declaresMethod(VERTX4_DO_REQUEST))).and(declaresMethod(VERTX5_REQUEST)))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(VertxRoutingInstrumentation.class.getClassLoader())
                .advice(VERTX5_REQUEST, RequestOptionsAdvice.class.getName())
                .advice(VERTX5_CONNECT, ConnectAdvice.class.getName()))
        .type(named(CONNECTION).and(declaresMethod(VERTX5_REQUEST)))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(VertxRoutingInstrumentation.class.getClassLoader())
                .advice(VERTX5_REQUEST, RequestOptionsAdvice.class.getName()));
  }
}
