package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.GatewayAnswers;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;

/**
 * Signs the {@code HttpURLConnection}s routed to the gateway. A connection's URL is fixed at
 * {@code openConnection}, before the app sets the method, the headers or the body; the signature
 * is made when the request goes out ({@code getInputStream}, which the JDK also calls for
 * {@code getResponseCode}), over the method, the headers and the body as sent. A routed connection
 * is known by its address and its {@code X-Takumo-Upstream} header, not by identity: for https the
 * JDK's hooks see the connection's delegate, not the object the app holds.
 */
final class RoutedConnections {

  private RoutedConnections() {}

  /** Whether {@code c} is a connection to the gateway this agent routed (not sent direct after a failure). */
  static boolean isRouted(Engine engine, HttpURLConnection c) {
    return engine.gateway() != null && engine.gateway().isGatewayTarget(c.getURL())
        && AuthorizationHeader.value(c, Headers.UPSTREAM) != null;
  }

  /**
   * Signs {@code c} if it is routed and not signed yet, and turns redirects off again (the app may
   * have turned them on after {@code openConnection}).
   *
   * @param body the agent's stream for the body, null if the app wrote none through one
   * @return the exception to fail the request with, unsent, if it cannot be signed; else null
   */
  static IOException sign(Engine engine, HttpURLConnection c, ProtectingOutputStream body) {
    if (!isRouted(engine, c) || AuthorizationHeader.value(c, Headers.SIGNATURE) != null) {
      return null;
    }
    c.setInstanceFollowRedirects(false);
    String upstream = AuthorizationHeader.value(c, Headers.UPSTREAM);
    GatewayRoute route;
    try {
      route = engine.route(URI.create(upstream));
    } catch (IOException | IllegalArgumentException e) {
      return e instanceof IOException ? (IOException) e : unsignable(upstream);
    }
    if (route == null) {
      // Gone direct (gateway-fallback local) since it was opened: it cannot change address now.
      return unsignable(upstream);
    }
    byte[] sent;
    if (body != null) {
      sent = body.sentBody();
    } else {
      // No body read: none at all without doOutput; else one the app wrote as it is (opaque): unread.
      sent = c.getDoOutput() ? null : new byte[0];
    }
    Map<String, String> headers = route.headers(c.getRequestMethod(), sent,
        GatewayAnswers.lenient(name -> AuthorizationHeader.value(c, name)));
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!AuthorizationHeader.set(c, h.getKey(), h.getValue())) {
        return unsignable(upstream);
      }
    }
    return null;
  }

  private static IOException unsignable(String upstream) {
    String host;
    try {
      host = URI.create(upstream).getHost();
    } catch (IllegalArgumentException e) {
      host = "a provider";
    }
    return new IOException("Takumo Aegis did not send a request to " + host
        + ": its connection to the Takumo gateway could not be signed (the gateway is no longer in use, or this JDK's"
        + " HttpURLConnection differs); the next request is routed anew");
  }
}
