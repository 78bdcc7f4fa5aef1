package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.engine.Engine;
import java.lang.reflect.Proxy;

/**
 * Adds the agent's handler after each {@code HttpClientCodec} added to a Netty pipeline. The
 * handler looks at every request's Host header, so it serves whatever host the channel talks to.
 */
public final class NettyHook {

  static final String HANDLER_NAME = "takumo-aegis";
  private static final String CLIENT_CODEC = "io.netty.handler.codec.http.HttpClientCodec";

  private final Engine engine;
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
    if (handler == null || !handler.getClass().getName().equals(CLIENT_CODEC)) {
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
