package io.takumo.aegis.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code java.net.URL.openConnection}, in gateway mode only: where an {@code HttpURLConnection}
 * to a provider is readdressed to the gateway (see {@link UrlConnectionRouting}).
 */
public final class UrlRoutingInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "url-gateway-routing";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("java/net/URL");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named("java.net.URL"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(UrlRoutingInstrumentation.class.getClassLoader())
                .advice(named("openConnection").and(takesArguments(0).or(takesArguments(1))),
                    OpenConnectionAdvice.class.getName()));
  }
}
