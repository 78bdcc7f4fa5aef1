package io.takumo.aegis.instrument.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * OkHttp 3, 4 and 5: every {@code OkHttpClient} is built through its {@code OkHttpClient(Builder)}
 * constructor ({@code new OkHttpClient()} and {@code newBuilder().build()} included), so one advice
 * there reaches every client the app makes.
 */
public final class OkHttpInstrumentation implements Instrumentation {

  @Override
  public String name() {
    return "okhttp";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton("okhttp3/OkHttpClient");
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named("okhttp3.OkHttpClient"))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(OkHttpInstrumentation.class.getClassLoader())
                .advice(
                    isConstructor()
                        .and(takesArguments(1))
                        .and(takesArgument(0, named("okhttp3.OkHttpClient$Builder"))),
                    OkHttpClientAdvice.class.getName()));
  }
}
