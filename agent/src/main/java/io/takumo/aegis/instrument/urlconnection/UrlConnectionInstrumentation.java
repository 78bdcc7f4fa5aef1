package io.takumo.aegis.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code HttpURLConnection} and {@code HttpsURLConnection}: the JDK's implementation,
 * {@code sun.net.www.protocol.http.HttpURLConnection}, is also what HTTPS connections delegate
 * to, so its three stream methods see every body that goes out or comes back.
 */
public final class UrlConnectionInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "http-url-connection";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("sun/net/www/protocol/http/HttpURLConnection");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    AuthorizationHeader.openTo(inst);
    return builder
        .type(named("sun.net.www.protocol.http.HttpURLConnection"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(UrlConnectionInstrumentation.class.getClassLoader())
                .advice(named("getOutputStream").and(takesArguments(0)), GetOutputStreamAdvice.class.getName())
                .advice(named("getInputStream").and(takesArguments(0)), GetInputStreamAdvice.class.getName())
                .advice(named("getErrorStream").and(takesArguments(0)), GetErrorStreamAdvice.class.getName())
                .advice(named("plainConnect0").and(takesArguments(0)), PlainConnectAdvice.class.getName()));
  }
}
