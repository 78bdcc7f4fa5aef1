package io.takumo.aegis.instrument.netty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Collections;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Netty 4.1 and 4.2, and so every HTTP client built on it (Reactor Netty, Spring WebClient,
 * Vert.x): every {@code ChannelPipeline.add*} ends in one of four {@code DefaultChannelPipeline}
 * methods, and when one of them adds an HTTP client codec ({@link NettyHook} says which), the
 * agent adds its handler right after it. Shaded copies of Netty (other package names) are not
 * matched.
 */
public final class NettyInstrumentation implements Instrumentation {

  private static final String PIPELINE = "io.netty.channel.DefaultChannelPipeline";
  private static final String GROUP = "io.netty.util.concurrent.EventExecutorGroup";
  private static final String HANDLER = "io.netty.channel.ChannelHandler";

  @Override
  public String name() {
    return "netty";
  }

  @Override
  public Set<String> targetTypes() {
    return Collections.singleton(PIPELINE.replace('.', '/'));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named(PIPELINE))
        .transform(
            new AgentBuilder.Transformer.ForAdvice()
                .include(NettyInstrumentation.class.getClassLoader())
                .advice(
                    named("addFirst").or(named("addLast"))
                        .and(takesArguments(3))
                        .and(takesArgument(0, named(GROUP)))
                        .and(takesArgument(1, String.class))
                        .and(takesArgument(2, named(HANDLER))),
                    AddAtEndAdvice.class.getName())
                .advice(
                    named("addBefore").or(named("addAfter"))
                        .and(takesArguments(4))
                        .and(takesArgument(0, named(GROUP)))
                        .and(takesArgument(1, String.class))
                        .and(takesArgument(2, String.class))
                        .and(takesArgument(3, named(HANDLER))),
                    AddNextToAdvice.class.getName()));
  }
}
