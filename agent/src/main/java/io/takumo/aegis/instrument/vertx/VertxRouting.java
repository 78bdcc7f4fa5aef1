package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.BlockedRequests;
import io.takumo.aegis.instrument.GatewayTargets;
import io.takumo.aegis.instrument.LibraryHandles;
import io.takumo.aegis.instrument.RouteTickets;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Gateway mode for Vert.x's {@code HttpClient} (and the {@code WebClient} on it), 4.5 and 5.0.
 * Every request starts from a {@code RequestOptions}, from which the client picks the server
 * address, the connection pool, TLS (and SNI) and the {@code Host} header: a provider request's
 * options are swapped for a copy addressed to the gateway, the app's own left as they were. The
 * copy carries a {@link RouteTickets} ticket, by which the agent's Netty handler on the connection
 * finds the route and adds its headers, signed over the protected body, as the request goes out.
 * A connection to the gateway that fails is handled by {@link RoutedVertxRequest}.
 *
 * <p>HTTP/1.x and HTTP/2 alike: the options decide the connection either way, so a routed
 * request gets a connection to the gateway (HTTP/2 connections are pooled by the gateway's
 * address, shared by routed requests only). On HTTP/2 the ticket is taken by the agent's hook on
 * Netty's HTTP/2 connection encoder, which sends the headers before the body is protected: the
 * route's headers are signed with UNSIGNED-PAYLOAD there (over the empty body if there is none).
 */
public final class VertxRouting {

  private final Engine engine;
  private final ClassValue<VertxApi> apis =
      new ClassValue<VertxApi>() {
        @Override
        protected VertxApi computeValue(Class<?> clientType) {
          return bind(clientType);
        }
      };

  private final ClassValue<VertxConnectApi> connectApis =
      new ClassValue<VertxConnectApi>() {
        @Override
        protected VertxConnectApi computeValue(Class<?> clientType) {
          return bindConnect(clientType);
        }
      };
  /** Vert.x 5: the connections the app opened itself that go to the gateway, weakly. */
  private final Map<Object, RoutedVertxConnection> connections = Collections.synchronizedMap(new WeakHashMap<>());

  public VertxRouting(Engine engine) {
    this.engine = engine;
  }

  /**
   * See {@code AegisBridge.Hooks#vertxRequest}: null to leave the request alone, {@code
   * {options, exchange}} to use those options instead (Vert.x 4: {@code exchange} is the promise
   * to use instead; Vert.x 5: it goes to {@link #started}), or when the gateway is unreachable
   * (gateway-fallback none) {@code {null, failed}}: Vert.x 4's promise, failed here, or for
   * Vert.x 5 a failed future to return; either way nothing is sent.
   *
   * @param promise Vert.x 4's {@code doRequest} promise; null for Vert.x 5's {@code request}
   */
  public Object[] request(Object client, Object options, Object promise) throws Throwable {
    VertxApi api = options == null ? null : apis.get(client.getClass());
    if (api == null) {
      return null;
    }
    if (!api.isClient(client)) {
      RoutedVertxConnection connection = connections.get(client);
      return connection == null ? null : connection.request(options);
    }
    String host = api.host(client, options);
    int port = api.port(client, options);
    if (host == null || !engine.isProviderHost(host, port) || engine.leavesUntouched(host, api.header(options, "Authorization"))) {
      return null;
    }
    URI original = GatewayTargets.original(api.ssl(client, options) ? "https" : "http", host, port, api.uri(options));
    GatewayRoute route;
    try {
      route = engine.route(original);
    } catch (RequestBlockedException e) {
      IOException forApp = BlockedRequests.forApp(e);
      if (promise != null) {
        api.fail(promise, forApp);
        return new Object[] {null, promise};
      }
      return new Object[] {null, api.failedFuture(forApp)};
    }
    if (route == null) {
      return null;
    }
    URI gateway = route.target();
    Object routed = api.copy(options);
    api.readdress(routed, gateway.getHost(), GatewayTargets.port(gateway), "https".equalsIgnoreCase(gateway.getScheme()),
        GatewayTargets.pathAndQuery(gateway));
    api.putHeader(routed, RouteTickets.HEADER, RouteTickets.issue(route));
    RoutedVertxRequest exchange = new RoutedVertxRequest(api, engine, client, options, route);
    return new Object[] {routed, promise != null ? exchange.promiseFor(promise) : exchange};
  }

  /**
   * See {@code AegisBridge.Hooks#vertxRequestStarted}: Vert.x 5's future of a routed request,
   * recovered from a failed connection to the gateway.
   */
  public Object started(Object exchange, Object future) throws Throwable {
    return exchange instanceof RoutedVertxRequest && future != null ? ((RoutedVertxRequest) exchange).recovering(future) : future;
  }

  /**
   * See {@code AegisBridge.Hooks#vertxConnect}: Vert.x 5's {@code connect(HttpConnectOptions)}. A
   * connection to a provider is opened to the gateway instead (a copy of the app's options); its
   * requests are then routed one by one ({@link RoutedVertxConnection#request}).
   */
  public Object[] connect(Object client, Object options) throws Throwable {
    VertxApi api = options == null ? null : apis.get(client.getClass());
    VertxConnectApi connectApi = api == null ? null : connectApis.get(client.getClass());
    if (connectApi == null || !api.isClient(client)) {
      return null;
    }
    String host = api.orDefaultHost(client, connectApi.host(options));
    int port = api.orDefaultPort(client, connectApi.port(options));
    if (host == null || !engine.isProviderHost(host, port)) {
      return null;
    }
    String scheme = api.orDefaultSsl(client, connectApi.ssl(options)) ? "https" : "http";
    GatewayRoute route;
    try {
      // The connection's own route (a handshake if there is no session yet): where it goes, and whether it is routed.
      route = engine.route(GatewayTargets.original(scheme, host, port, "/"));
    } catch (RequestBlockedException e) {
      return new Object[] {null, api.failedFuture(BlockedRequests.forApp(e))};
    }
    if (route == null) {
      return null;
    }
    URI gateway = route.target();
    Object routed = connectApi.readdressed(options, gateway.getHost(), GatewayTargets.port(gateway),
        "https".equalsIgnoreCase(gateway.getScheme()));
    return new Object[] {routed, new RoutedVertxConnection(api, connectApi, engine, client, options, scheme, host, port, route)};
  }

  /** See {@code AegisBridge.Hooks#vertxConnected}: the future of a connection {@link #connect} routed. */
  public Object connected(Object exchange, Object future) throws Throwable {
    if (!(exchange instanceof RoutedVertxConnection) || future == null) {
      return future;
    }
    RoutedVertxConnection routed = (RoutedVertxConnection) exchange;
    return routed.started(future, connection -> {
      connections.put(connection, routed);
      return connection;
    });
  }

  private VertxConnectApi bindConnect(Class<?> clientType) {
    try {
      return new VertxConnectApi(new LibraryHandles(clientType.getClassLoader()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().debug("this Vert.x's explicit connections cannot be routed through the gateway ("
          + e.getClass().getSimpleName() + "); their provider requests go straight to the provider, tokenized locally");
      return null;
    }
  }

  private VertxApi bind(Class<?> clientType) {
    try {
      return new VertxApi(new LibraryHandles(clientType.getClassLoader()));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      engine.log().debug("this Vert.x cannot be routed through the gateway (" + e.getClass().getSimpleName()
          + ": " + e.getMessage() + "); its provider requests go straight to the provider, tokenized locally");
      return null;
    }
  }
}
