package io.takumo.aegis.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/** The last line under {@code HttpURLConnection}: see {@link UnwovenConnectionGuard}. */
public final class UnwovenConnectionGuardInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "http-url-connection-guard";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("sun/net/www/http/HttpClient");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named("sun.net.www.http.HttpClient"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(UnwovenConnectionGuardInstrumentation.class.getClassLoader())
                .advice(
                    named("writeRequests")
                        .and(takesArguments(2))
                        .and(takesArgument(1, named("sun.net.www.http.PosterOutputStream"))),
                    WriteRequestsGuardAdvice.class.getName()));
  }
}
