package io.takumo.aegis.instrument.apache5;

/**
 * What the request producer learns and the response consumer of the same exchange needs: the
 * provider host, once the request head shows it goes to one.
 */
final class AsyncExchange {

  private volatile String providerHost;

  void providerHost(String host) {
    providerHost = host;
  }

  /** The provider host, or null if the request went elsewhere (or was not sent yet). */
  String providerHost() {
    return providerHost;
  }
}
