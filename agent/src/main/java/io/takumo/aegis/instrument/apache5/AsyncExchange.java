package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.gateway.GatewayRoute;

/**
 * What the request producer learns and the response consumer of the same exchange needs: the
 * provider host, once the request head shows it goes to one.
 */
final class AsyncExchange {

  private volatile String providerHost;
  private volatile GatewayRoute route;

  void providerHost(String host) {
    providerHost = host;
  }

  void route(GatewayRoute route) {
    this.route = route;
  }

  /** The gateway route the request took, or null if it went straight to the provider. */
  GatewayRoute route() {
    return route;
  }

  /** The provider host, or null if the request went elsewhere (or was not sent yet). */
  String providerHost() {
    return providerHost;
  }
}
