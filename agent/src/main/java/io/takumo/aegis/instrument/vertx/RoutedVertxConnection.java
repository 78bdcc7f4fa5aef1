package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.BlockedRequests;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.GatewayTargets;
import io.takumo.aegis.instrument.RouteTickets;
import java.io.IOException;
import java.net.URI;

/**
 * A connection the app opened itself to a provider with Vert.x 5's {@code HttpClientAgent.connect},
 * opened to the gateway instead. Each request the app makes on it is routed (see {@link
 * #request}); a connection to the gateway that fails is handled as a routed request's is (see
 * {@link RoutedVertxRequest}): with gateway-fallback=local the app's own options are connected
 * again, straight to the provider.
 */
final class RoutedVertxConnection {

  private final VertxApi api;
  private final VertxConnectApi connectApi;
  private final Engine engine;
  private final Object client;
  private final Object appOptions;
  private final String scheme;
  private final String host;
  private final int port;
  private final GatewayRoute route;

  RoutedVertxConnection(VertxApi api, VertxConnectApi connectApi, Engine engine, Object client, Object appOptions,
      String scheme, String host, int port, GatewayRoute route) {
    this.api = api;
    this.connectApi = connectApi;
    this.engine = engine;
    this.client = client;
    this.appOptions = appOptions;
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.route = route;
  }

  /**
   * The future the app gets in place of {@code connect}'s: the connection, once {@code opened}
   * has it, else recovered from a failed connection to the gateway.
   */
  Object started(Object future, java.util.function.Function<Object, Object> opened) throws Throwable {
    return api.recover(connectApi.map(future, opened), this::failed);
  }

  private Object failed(Throwable failure) {
    try {
      if (!GatewayDrops.isDrop(failure)) {
        return api.failedFuture(failure);
      }
      IOException blocked = GatewayDrops.report(engine, route.host(), route.sessionId(), failure);
      return blocked != null ? api.failedFuture(blocked) : connectApi.connect(client, appOptions);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  /**
   * A request on this connection, as {@code VertxRouting.request} answers: its options addressed
   * to the gateway with a route ticket, or a failed future when there is no route for it (the
   * gateway unreachable, or given up on for gateway-fallback=local since the connection was
   * opened): the connection goes to the gateway, so the request could not go direct on it.
   */
  Object[] request(Object options) throws Throwable {
    URI original = GatewayTargets.original(scheme, host, port, api.uri(options));
    GatewayRoute routed;
    try {
      routed = engine.route(original);
      if (routed == null) {
        throw engine.blocked(host, "the connection the app opened goes to the Takumo gateway, which the agent stopped"
            + " using (gateway-fallback); open a new connection");
      }
    } catch (RequestBlockedException e) {
      return new Object[] {null, api.failedFuture(BlockedRequests.forApp(e))};
    }
    URI gateway = routed.target();
    Object copy = api.copy(options);
    api.readdress(copy, gateway.getHost(), GatewayTargets.port(gateway), "https".equalsIgnoreCase(gateway.getScheme()),
        GatewayTargets.pathAndQuery(gateway));
    api.putHeader(copy, RouteTickets.HEADER, RouteTickets.issue(routed));
    return new Object[] {copy, null};
  }
}
