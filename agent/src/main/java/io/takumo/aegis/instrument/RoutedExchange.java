package io.takumo.aegis.instrument;

/**
 * A provider request an instrumentation readdressed to the gateway by changing the app's own
 * request object, for a client method that takes the connection's target as an argument (Apache
 * HttpClient classic): the advice swaps that argument on entry and puts the app's request back on
 * exit, so that an app sending the same request object again addresses the provider as it wrote.
 */
public interface RoutedExchange {

  /** The target argument to use instead, or null to leave it (the request was not routed). */
  Object gatewayTarget();

  /** Puts the app's request object back as the app built it. */
  void ended() throws Throwable;
}
