package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.scope.RestoreScope;

/**
 * What the request producer learns and the response consumer of the same exchange needs: the
 * provider host and the restore scope, once the request head shows it goes to one; and, to send it again when the
 * gateway drops, the client and the producer.
 */
final class AsyncExchange {

  private final Object client;
  private volatile String providerHost;
  private volatile RestoreScope scope;
  private volatile GatewayRoute route;
  private volatile ProtectingRequestProducer producer;
  private volatile boolean resent;

  /** @param client the async client executing the exchange, or null if it is not to be sent again */
  AsyncExchange(Object client) {
    this.client = client;
  }

  void providerHost(String host) {
    providerHost = host;
  }

  void scope(RestoreScope scope) {
    this.scope = scope;
  }

  /** The exchange's restore scope, or null if its request did not go to a provider (or was not sent yet). */
  RestoreScope scope() {
    return scope;
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

  Object client() {
    return client;
  }

  void producer(ProtectingRequestProducer producer) {
    this.producer = producer;
  }

  ProtectingRequestProducer producer() {
    return producer;
  }

  /** From now on the app's producer and consumer belong to the attempt sending the exchange again. */
  void resent() {
    resent = true;
  }

  boolean isResent() {
    return resent;
  }
}
