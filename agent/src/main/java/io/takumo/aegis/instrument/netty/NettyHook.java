package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.engine.Engine;
import java.lang.reflect.Field;
import java.lang.reflect.Proxy;

/**
 * Adds the agent's handler after each HTTP client codec added to a Netty pipeline: the HTTP/1.1
 * {@code HttpClientCodec}, and on HTTP/2 the client side's per-stream
 * {@code Http2StreamFrameToHttpObjectCodec}, past which a stream carries the same HTTP objects. The
 * handler looks at every request's Host header, so it serves whatever host the channel talks to.
 */
public final class NettyHook {

  static final String HANDLER_NAME = "takumo-aegis";
  private static final String CLIENT_CODEC = "io.netty.handler.codec.http.HttpClientCodec";
  /** HTTP/2: one per stream (child) channel, turning the stream's frames into HTTP/1.1 objects. */
  private static final String STREAM_CODEC = "io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec";

  private final Engine engine;
  /** The stream codec's {@code isServer} field, or null where it cannot be read. */
  private final ClassValue<Field> serverFlags =
      new ClassValue<Field>() {
        @Override
        protected Field computeValue(Class<?> codecType) {
          return serverFlag(codecType);
        }
      };
  private final ClassValue<NettyApi> apis =
      new ClassValue<NettyApi>() {
        @Override
        protected NettyApi computeValue(Class<?> codecType) {
          return bind(codecType);
        }
      };

  public NettyHook(Engine engine) {
    this.engine = engine;
  }

  /** Called with every handler added to a {@code DefaultChannelPipeline}. */
  public void handlerAdded(Object pipeline, Object handler) throws Throwable {
    if (handler == null || !isClientCodec(handler)) {
      return;
    }
    NettyApi api = apis.get(handler.getClass());
    if (api == null) {
      return;
    }
    Object context = (Object) api.pipelineContext.invokeExact(pipeline, handler);
    if (context == null || (Object) api.pipelineGet.invokeExact(pipeline, (Object) HANDLER_NAME) != null) {
      return;
    }
    String codecName = (String) (Object) api.contextName.invokeExact(context);
    Object ours = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.inboundHandler, api.outboundHandler},
        new HttpExchangeHandler(api, engine));
    Object ignored = (Object) api.pipelineAddAfter.invokeExact(pipeline, (Object) codecName, (Object) HANDLER_NAME, ours);
  }

  private boolean isClientCodec(Object handler) throws IllegalAccessException {
    String name = handler.getClass().getName();
    if (name.equals(CLIENT_CODEC)) {
      return true;
    }
    if (!name.equals(STREAM_CODEC)) {
      return false;
    }
    Field isServer = serverFlags.get(handler.getClass());
    return isServer != null && !isServer.getBoolean(handler);
  }

  private Field serverFlag(Class<?> codecType) {
    try {
      Field isServer = codecType.getDeclaredField("isServer");
      if (isServer.getType() != boolean.class) {
        throw new NoSuchFieldException("isServer is not a boolean");
      }
      isServer.setAccessible(true);
      return isServer;
    } catch (ReflectiveOperationException | RuntimeException e) {
      engine.log().debug("Netty's HTTP/2 stream codec is not as the agent expects (" + e.getClass().getSimpleName()
          + "); HTTP/2 requests sent through Netty are NOT protected");
      return null;
    }
  }

  private NettyApi bind(Class<?> codecType) {
    try {
      return new NettyApi(codecType.getClassLoader());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().warn("this Netty is a version the agent does not know (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); HTTP requests sent with it are NOT protected");
      return null;
    }
  }
}
