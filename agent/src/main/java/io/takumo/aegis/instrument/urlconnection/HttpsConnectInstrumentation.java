package io.takumo.aegis.instrument.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * {@code HttpsURLConnection}'s connect, in gateway mode only: the JDK runs the TLS handshake of an
 * https connection after the socket is open, in {@code AbstractDelegateHttpsURLConnection.connect()},
 * past the hook on {@code plainConnect0()}; a gateway whose TLS fails mid-session is met there
 * (see {@link HttpsConnectAdvice}).
 */
public final class HttpsConnectInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "https-url-connection-tls";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("sun/net/www/protocol/https/AbstractDelegateHttpsURLConnection");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named("sun.net.www.protocol.https.AbstractDelegateHttpsURLConnection"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(HttpsConnectInstrumentation.class.getClassLoader())
                .advice(named("connect").and(takesArguments(0)), HttpsConnectAdvice.class.getName()));
  }
}
