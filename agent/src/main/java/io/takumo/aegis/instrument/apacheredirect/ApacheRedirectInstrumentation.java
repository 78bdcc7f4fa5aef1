package io.takumo.aegis.instrument.apacheredirect;

import static net.bytebuddy.matcher.ElementMatchers.hasParameters;
import static net.bytebuddy.matcher.ElementMatchers.hasType;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.whereAny;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Apache HttpClient 4 and 5, in gateway mode only: the classes that follow redirects take the
 * client's {@code RedirectStrategy} in their constructor (HttpClient 4's {@code RedirectExec} and
 * the deprecated {@code DefaultRequestDirector}, HttpAsyncClient 4.1's {@code MainClientExec},
 * HttpClient 5's {@code RedirectExec} and {@code AsyncRedirectExec}). The strategy they get asks the
 * app's whether to follow a response, and refuses for a routed request whose redirect leaves the
 * gateway's origin ({@link GuardedRedirectStrategy}). Exact names only, as for the clients.
 */
public final class ApacheRedirectInstrumentation implements Instrumentation {

  static final String STRATEGY_4 = "org.apache.http.client.RedirectStrategy";
  static final String STRATEGY_5 = "org.apache.hc.client5.http.protocol.RedirectStrategy";
  private static final String[] FOLLOWERS = {
    "org.apache.http.impl.execchain.RedirectExec",
    "org.apache.http.impl.client.DefaultRequestDirector",
    "org.apache.http.impl.nio.client.MainClientExec",
    "org.apache.hc.client5.http.impl.classic.RedirectExec",
    "org.apache.hc.client5.http.impl.async.AsyncRedirectExec"
  };

  @Override
  public String name() {
    return "apache-httpclient-redirects";
  }

  @Override
  public Set<String> targetTypes() {
    Set<String> names = new HashSet<>();
    for (String name : FOLLOWERS) {
      names.add(name.replace('.', '/'));
    }
    return Collections.unmodifiableSet(names);
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(namedOneOf(FOLLOWERS))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(ApacheRedirectInstrumentation.class.getClassLoader())
                // The strategy's place among the arguments differs from class to class.
                .advice(isConstructor().and(hasParameters(whereAny(hasType(namedOneOf(STRATEGY_4, STRATEGY_5))))),
                    RedirectStrategyAdvice.class.getName()));
  }

  static boolean isStrategyType(String name) {
    return STRATEGY_4.equals(name) || STRATEGY_5.equals(name);
  }
}
