package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.RoutedExchange;

/**
 * Gateway mode for one HttpAsyncClient 4.1 exchange. The client takes the connection's route from
 * its producer's {@code getTarget()} and the request line and {@code Host} from the request the
 * producer generates (its URI, when absolute), both once, as the exchange starts, and copies the
 * request's URI and headers into its own wrapper then. So the producer answers {@code getTarget()}
 * with the gateway's host and hands out the app's request readdressed to the gateway, and the app's
 * request is put back when {@code execute} returns. TLS and SNI follow the route's host.
 */
final class AsyncRouting implements RoutedExchange {

  private final Apache4Api api;
  private final Engine engine;
  private final Object target;
  private volatile GatewayRoute route;
  private volatile Apache4Routing.AppRequest appRequest;

  AsyncRouting(Apache4Api api, Engine engine, Object target) {
    this.api = api;
    this.engine = engine;
    this.target = target;
  }

  /**
   * Readdresses the generated request to the gateway; returns the gateway's {@code HttpHost}, or
   * null to send it straight to the provider (it cannot be readdressed, is SigV4-signed, or
   * gateway-fallback=local while the gateway is down).
   *
   * @param sentBody the body as it will be sent, for the signature; null if the agent did not read it
   * @throws java.io.IOException the gateway is unreachable and gateway-fallback is none
   */
  Object readdress(Object request, byte[] sentBody) throws Throwable {
    try {
      return readdressTo(request, sentBody);
    } catch (RuntimeException | LinkageError e) {
      engine.log().warn("could not readdress an Apache HttpAsyncClient 4 request to the Takumo gateway ("
          + e.getClass().getSimpleName() + "); it goes straight to the provider, tokenized locally");
      return null;
    }
  }

  private Object readdressTo(Object request, byte[] sentBody) throws Throwable {
    String host = api.host(target, null);
    if (engine.leavesUntouched(host, api.header(request, "Authorization"))) {
      return null;
    }
    if (!api.readdressable(request)) {
      engine.log().debug("an Apache HttpAsyncClient 4 request of type " + request.getClass().getName()
          + " cannot be readdressed to the gateway; it goes straight to the provider, tokenized locally");
      return null;
    }
    GatewayRoute r = engine.route(Apache4Routing.original(api, target, request));
    if (r == null) {
      return null;
    }
    if (sentBody == null && api.requestEntity(request) == null) {
      sentBody = new byte[0];
    }
    appRequest = Apache4Routing.readdress(api, request, r, sentBody);
    route = r;
    return Apache4Routing.gatewayHost(api, r);
  }

  /** The route the request took, or null if it went straight to the provider. */
  GatewayRoute route() {
    return route;
  }

  @Override
  public Object gatewayTarget() {
    // The target is the producer's answer, not an argument of execute.
    return null;
  }

  @Override
  public void ended() throws Throwable {
    Apache4Routing.AppRequest app = appRequest;
    appRequest = null;
    if (app != null) {
      app.putBack();
    }
  }
}
