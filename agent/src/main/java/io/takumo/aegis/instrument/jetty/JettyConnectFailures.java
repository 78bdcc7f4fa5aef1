package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.LibraryHandles;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Collection;

/**
 * Gateway mode for Jetty: a connection to the gateway that could not be opened (refused, DNS, TLS)
 * fails the requests queued for it, in {@code HttpDestination.failed(Throwable)}; nothing of them
 * was sent. The agent takes its routed ones out first, reports the drop for each (one log line),
 * and then, with gateway-fallback=local, sends the same exchange again straight to the provider,
 * as Jetty itself moves an exchange to another destination to retry it: the app's listeners get
 * the provider's response, and the body, protected once already, is neither read nor counted
 * again. With none the request fails with the one-line IOException.
 */
final class JettyConnectFailures {

  private final JettyTypes jetty;
  private final JettyRouting routing;
  private final MethodHandle exchanges;
  private final MethodHandle removeExchange;
  private final MethodHandle sendExchange;
  private final MethodHandle destinationClient;
  private final MethodHandle exchangeRequest;
  private final MethodHandle resolveDestination;

  JettyConnectFailures(JettyTypes jetty, JettyRouting routing, LibraryHandles h) throws ReflectiveOperationException {
    this.jetty = jetty;
    this.routing = routing;
    Class<?> destination = h.type("org.eclipse.jetty.client.transport.HttpDestination");
    Class<?> exchange = h.type("org.eclipse.jetty.client.transport.HttpExchange");
    Class<?> client = h.type("org.eclipse.jetty.client.HttpClient");
    exchanges = h.virtual(destination, "getHttpExchanges", java.util.Queue.class);
    removeExchange = h.virtual(destination, "remove", boolean.class, exchange);
    sendExchange = h.virtual(destination, "send", void.class, exchange);
    destinationClient = h.virtual(destination, "getHttpClient", client);
    exchangeRequest = h.virtual(exchange, "getRequest", h.type("org.eclipse.jetty.client.transport.HttpRequest"));
    resolveDestination = h.virtual(client, "resolveDestination", h.type("org.eclipse.jetty.client.Destination"),
        h.type("org.eclipse.jetty.client.Request"));
  }

  /** On entry to {@code HttpDestination.failed(failure)}, before Jetty fails what is still queued. */
  void failed(Engine engine, Object destination, Throwable failure) throws Throwable {
    if (!GatewayDrops.isDrop(failure)) {
      return;
    }
    for (Object exchange : new ArrayList<Object>((Collection<?>) (Object) exchanges.invokeExact(destination))) {
      Object request = (Object) exchangeRequest.invokeExact(exchange);
      GatewayRoute route = routing.route(request);
      if (route == null) {
        continue;
      }
      IOException blocked = GatewayDrops.report(engine, route.host(), route.sessionId(), failure);
      if (blocked != null) {
        // Jetty fails it, still queued, with that exception in place of its own.
        Object ignored = (Object) jetty.requestAbort.invokeExact(request, (Object) blocked);
      } else if ((Boolean) (Object) removeExchange.invokeExact(destination, exchange)) {
        sendDirect(destination, exchange, request, failure);
      }
    }
  }

  /** Sends a routed exchange, out of the gateway's queue, again to the provider; else fails it as Jetty would have. */
  private void sendDirect(Object destination, Object exchange, Object request, Throwable failure) throws Throwable {
    try {
      routing.unroute(request);
      Object direct = (Object) resolveDestination.invokeExact((Object) destinationClient.invokeExact(destination), request);
      Object ignored = (Object) sendExchange.invokeExact(direct, exchange);
    } catch (Throwable t) {
      // Out of the queue, it would wait forever: Jetty still fails an exchange no queue holds.
      Object ignored = (Object) jetty.requestAbort.invokeExact(request, (Object) failure);
      throw t;
    }
  }
}
