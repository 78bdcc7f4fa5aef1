package io.takumo.aegis.instrument;

import io.takumo.aegis.gateway.GatewayRoute;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands a gateway route from where a client readdresses a request to where the agent's Netty
 * handler sees it go out (Vert.x: its request options, then the connection's pipeline). The request
 * carries a ticket in the {@link #HEADER} header; the handler takes the route by it and removes the
 * header, so it never leaves the process. A ticket names nothing secret (a random prefix and a
 * counter); the route itself stays here. A request that never goes out leaves its route behind
 * until {@link #CAPACITY} newer ones push it out.
 */
public final class RouteTickets {

  /** The header that carries the ticket, from the client to the agent's handler. */
  public static final String HEADER = "x-takumo-aegis-route";
  static final int CAPACITY = 4096;

  private static final String PREFIX = Long.toHexString(new SecureRandom().nextLong() | Long.MIN_VALUE) + "-";
  private static final AtomicLong NEXT = new AtomicLong();
  private static final Map<String, GatewayRoute> ROUTES =
      new LinkedHashMap<String, GatewayRoute>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GatewayRoute> eldest) {
          return size() > CAPACITY;
        }
      };

  private RouteTickets() {}

  /** Keeps {@code route}; returns the ticket to put in the request's {@link #HEADER}. */
  public static String issue(GatewayRoute route) {
    String ticket = PREFIX + NEXT.incrementAndGet();
    synchronized (ROUTES) {
      ROUTES.put(ticket, route);
    }
    return ticket;
  }

  /** The route of {@code ticket}, taken once; null for a ticket this process did not issue (or forgot). */
  public static GatewayRoute take(String ticket) {
    if (ticket == null) {
      return null;
    }
    synchronized (ROUTES) {
      return ROUTES.remove(ticket);
    }
  }
}
