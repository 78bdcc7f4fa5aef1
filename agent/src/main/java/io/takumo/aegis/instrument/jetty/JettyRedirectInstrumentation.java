package io.takumo.aegis.instrument.jetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Jetty {@code HttpClient} 12, in gateway mode only: {@code RedirectProtocolHandler.accept} decides
 * that a response is a redirect to follow, and Jetty then copies the routed request, its headers
 * included, to wherever it points. The hook keeps a routed request from following one to another
 * host ({@link JettyHook#followsRedirect}): the app receives the 3xx.
 */
public final class JettyRedirectInstrumentation implements Instrumentation {

  static final String HANDLER = "org.eclipse.jetty.client.RedirectProtocolHandler";

  @Override
  public String name() {
    return "jetty-client-redirects";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton(HANDLER.replace('.', '/'));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named(HANDLER))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(JettyRedirectInstrumentation.class.getClassLoader())
                .advice(
                    named("accept")
                        .and(takesArguments(2))
                        .and(takesArgument(0, named("org.eclipse.jetty.client.Request")))
                        .and(takesArgument(1, named("org.eclipse.jetty.client.Response"))),
                    JettyRedirectAdvice.class.getName()));
  }
}
