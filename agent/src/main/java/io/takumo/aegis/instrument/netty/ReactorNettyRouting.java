package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.BlockedRequests;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.GatewayTargets;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Gateway mode for Reactor Netty. When an {@code HttpClientHandler} has resolved its request's
 * target ({@code toURI}) and it is a provider's, the target becomes the gateway URL, built by the
 * client's own {@code UriEndpointFactory}: the connection, {@code Host}, path, TLS and SNI then all
 * follow the gateway. When that handler builds a request on a connection, the agent's Netty
 * handler on that connection is told the route, and adds the route's headers, signed over the
 * protected body, as the request goes out (see {@link HttpExchangeHandler}). A routed request that
 * cannot reach the gateway is reported like every client's ({@link GatewayDrops}) and, with
 * gateway-fallback=local, made again straight to the provider. Reactor Netty's internals are
 * reached by reflection; where they differ, one debug line, and no routing.
 */
public final class ReactorNettyRouting {

  private final Engine engine;
  /** Per HttpClientHandler: its {@link Routed}, or the IOException that blocks its request. */
  private final Map<Object, Object> routes = Collections.synchronizedMap(new WeakHashMap<Object, Object>());
  private final ClassValue<Internals> internals =
      new ClassValue<Internals>() {
        @Override
        protected Internals computeValue(Class<?> handlerType) {
          return bind(handlerType);
        }
      };

  public ReactorNettyRouting(Engine engine) {
    this.engine = engine;
  }

  /** See {@code AegisBridge.Hooks#reactorNettyClientHandler}. */
  public void handlerCreated(Object handler) throws Throwable {
    Internals in = internals.get(handler.getClass());
    if (in == null) {
      return;
    }
    Object endpoint = in.toUri.get(handler);
    if (endpoint == null) {
      return;
    }
    URI uri = URI.create((String) in.toExternalForm.invoke(endpoint));
    String scheme = uri.getScheme();
    if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || uri.getHost() == null
        || !engine.isProviderHost(uri.getHost(), uri.getPort())) {
      return;
    }
    URI original = GatewayTargets.original(scheme, uri.getHost(), uri.getPort(), GatewayTargets.pathAndQuery(uri));
    GatewayRoute route;
    try {
      route = engine.route(original);
    } catch (RequestBlockedException e) {
      // The Netty handler fails the request as it is written, before a byte of it goes out.
      routes.put(handler, BlockedRequests.forApp(e));
      return;
    }
    if (route == null) {
      return;
    }
    in.toUri.set(handler, in.createUriEndpoint.invoke(in.uriEndpointFactory.get(handler), route.target().toString(), false));
    routes.put(handler, new Routed(route, endpoint));
  }

  /** See {@code AegisBridge.Hooks#reactorNettyRequest}. */
  public void requestBuilding(Object handler, Object operations) throws Throwable {
    Object route = routes.get(handler);
    if (route == null) {
      return;
    }
    Internals in = internals.get(handler.getClass());
    Object channel = in.channel.invoke(operations);
    Object pipeline = in.pipeline.invoke(channel);
    Object ours = in.pipelineGet.invoke(pipeline, NettyHook.HANDLER_NAME);
    if (ours == null || !Proxy.isProxyClass(ours.getClass()) || !(Proxy.getInvocationHandler(ours) instanceof HttpExchangeHandler)) {
      engine.log().warn("a Reactor Netty request routed to the Takumo gateway found no agent handler on its connection;"
          + " it goes to the gateway without the route's headers, and the gateway refuses it");
      return;
    }
    ((HttpExchangeHandler) Proxy.getInvocationHandler(ours)).expect(route instanceof Routed ? ((Routed) route).route : route);
  }

  /**
   * See {@code AegisBridge.Hooks#reactorNettyFailed}: a routed request whose connection to the
   * gateway failed before it was sent is reported, once (log line, fallback switch). With
   * gateway-fallback=local its target goes back to the provider's and it returns true: Reactor
   * Netty then makes the request again, as it follows a redirect, on a connection to the provider;
   * the app's body, never written to the gateway, is protected as it is written there (once), and
   * no route goes with it. Otherwise the app gets Reactor Netty's own exception.
   */
  public boolean failed(Object handler, Throwable failure) throws Throwable {
    Object routed = routes.get(handler);
    if (!(routed instanceof Routed) || !GatewayDrops.isDrop(failure) || routes.remove(handler) == null) {
      return false;
    }
    GatewayRoute route = ((Routed) routed).route;
    if (GatewayDrops.report(engine, route.host(), route.sessionId(), failure) != null) {
      return false;
    }
    internals.get(handler.getClass()).toUri.set(handler, ((Routed) routed).providerEndpoint);
    return true;
  }

  private Internals bind(Class<?> handlerType) {
    try {
      return new Internals(handlerType);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().debug("this Reactor Netty cannot be routed through the gateway (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); its provider requests go straight to the provider, tokenized locally");
      return null;
    }
  }

  /** A routed handler's route, and the provider's {@code UriEndpoint} it had before. */
  private static final class Routed {
    final GatewayRoute route;
    final Object providerEndpoint;

    Routed(GatewayRoute route, Object providerEndpoint) {
      this.route = route;
      this.providerEndpoint = providerEndpoint;
    }
  }

  /** The Reactor Netty members the routing uses, package-private ones made accessible. */
  private static final class Internals {
    final Field toUri;
    final Field uriEndpointFactory;
    final Method createUriEndpoint;
    final Method toExternalForm;
    final Method channel;
    final Method pipeline;
    final Method pipelineGet;

    Internals(Class<?> handlerType) throws ReflectiveOperationException {
      ClassLoader loader = handlerType.getClassLoader();
      toUri = accessible(handlerType.getDeclaredField("toURI"));
      uriEndpointFactory = accessible(handlerType.getDeclaredField("uriEndpointFactory"));
      Class<?> endpoint = Class.forName("reactor.netty.http.client.UriEndpoint", false, loader);
      createUriEndpoint = accessible(uriEndpointFactory.getType().getDeclaredMethod("createUriEndpoint", String.class, boolean.class));
      toExternalForm = accessible(endpoint.getDeclaredMethod("toExternalForm"));
      if (toUri.getType() != endpoint || createUriEndpoint.getReturnType() != endpoint) {
        throw new NoSuchFieldException("toURI is not a UriEndpoint");
      }
      channel = Class.forName("reactor.netty.Connection", false, loader).getMethod("channel");
      pipeline = Class.forName("io.netty.channel.Channel", false, loader).getMethod("pipeline");
      pipelineGet = Class.forName("io.netty.channel.ChannelPipeline", false, loader).getMethod("get", String.class);
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
      member.setAccessible(true);
      return member;
    }
  }
}
