package io.takumo.aegis.instrument.netty.http2;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.takumo.aegis.instrument.Instrumentation;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Netty's HTTP/2 connection API (4.1 and 4.2), for clients that drive {@code Http2ConnectionHandler}
 * themselves (Vert.x): requests at the default connection encoder, responses at the default
 * decoder's frame listener, and the local flow controller so that restored streams keep their
 * window right. {@link Http2Hook} says what is done there.
 */
public final class NettyHttp2Instrumentation implements Instrumentation {

  private static final String PACKAGE = "io.netty.handler.codec.http2.";
  private static final String ENCODER = PACKAGE + "DefaultHttp2ConnectionEncoder";
  private static final String DECODER = PACKAGE + "DefaultHttp2ConnectionDecoder";
  private static final String FLOW_CONTROLLER = PACKAGE + "DefaultHttp2LocalFlowController";
  private static final String CONTEXT = "io.netty.channel.ChannelHandlerContext";
  private static final String HEADERS = PACKAGE + "Http2Headers";
  private static final String BUF = "io.netty.buffer.ByteBuf";
  private static final String LISTENER = PACKAGE + "Http2FrameListener";

  @Override
  public String name() {
    return "netty-http2";
  }

  @Override
  public Set<String> targetTypes() {
    return new HashSet<>(Arrays.asList(
        ENCODER.replace('.', '/'), DECODER.replace('.', '/'), FLOW_CONTROLLER.replace('.', '/')));
  }

  @Override
  public AgentBuilder extend(AgentBuilder builder, java.lang.instrument.Instrumentation inst) {
    return builder
        .type(named(ENCODER))
        .transform(advice()
            .advice(named("writeHeaders").and(takesArguments(6)).and(takesArgument(0, named(CONTEXT)))
                .and(takesArgument(2, named(HEADERS))).and(takesArgument(4, boolean.class)),
                WriteHeadersAdvice.class.getName())
            .advice(named("writeHeaders").and(takesArguments(9)).and(takesArgument(0, named(CONTEXT)))
                .and(takesArgument(2, named(HEADERS))).and(takesArgument(7, boolean.class)),
                WritePrioritizedHeadersAdvice.class.getName())
            .advice(named("writeData").and(takesArguments(6)).and(takesArgument(0, named(CONTEXT)))
                .and(takesArgument(2, named(BUF))).and(takesArgument(4, boolean.class)),
                WriteDataAdvice.class.getName()))
        .type(named(DECODER))
        .transform(advice()
            .advice(named("frameListener").and(takesArguments(1)).and(takesArgument(0, named(LISTENER))),
                SetFrameListenerAdvice.class.getName())
            .advice(named("frameListener").and(takesArguments(0)), GetFrameListenerAdvice.class.getName()))
        .type(named(FLOW_CONTROLLER))
        .transform(advice()
            .advice(named("consumeBytes").and(takesArguments(2)).and(takesArgument(1, int.class)),
                ConsumeBytesAdvice.class.getName()));
  }

  private static AgentBuilder.Transformer.ForAdvice advice() {
    return new AgentBuilder.Transformer.ForAdvice().include(NettyHttp2Instrumentation.class.getClassLoader());
  }
}
