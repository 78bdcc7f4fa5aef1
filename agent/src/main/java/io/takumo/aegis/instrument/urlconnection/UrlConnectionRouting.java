package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.Headers;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.util.Map;

/**
 * Gateway mode for {@code HttpURLConnection}: a connection's URL is fixed when it is opened, so
 * the route is taken at {@code URL.openConnection}: the app gets a connection to the gateway, with
 * the protocol version and the original URL set. The method, headers and body are not known yet:
 * the request is signed when it goes out ({@link RoutedConnections}). It never follows a redirect:
 * its headers would go with it to wherever the redirect points; the app receives the 3xx.
 */
public final class UrlConnectionRouting {

  private final Engine engine;

  public UrlConnectionRouting(Engine engine) {
    this.engine = engine;
  }

  /** See {@code AegisBridge.Hooks#urlOpenConnection}. */
  public Object openConnection(Object rawUrl, Object proxy) throws IOException {
    URL url = (URL) rawUrl;
    String protocol = url.getProtocol();
    if (!("https".equals(protocol) || "http".equals(protocol)) || !engine.isProviderHost(url.getHost(), url.getPort())) {
      return null;
    }
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      engine.log().warn("a URL to " + url.getHost() + " is not a valid URI; its connection goes direct, tokenized locally");
      return null;
    }
    GatewayRoute route;
    try {
      route = engine.route(uri);
    } catch (RequestBlockedException e) {
      return e;
    }
    if (route == null) {
      return null;
    }
    URL target = route.target().toURL();
    URLConnection connection = proxy == null ? target.openConnection() : target.openConnection((Proxy) proxy);
    for (Map.Entry<String, String> h : route.openingHeaders().entrySet()) {
      connection.setRequestProperty(h.getKey(), h.getValue());
    }
    if (connection instanceof HttpURLConnection) {
      ((HttpURLConnection) connection).setInstanceFollowRedirects(false);
    }
    return connection;
  }

  /**
   * The provider host a connection is for: its own host if that is a provider's, the host named in
   * {@code X-Takumo-Upstream} if it is a connection to the gateway this agent routed, else null.
   */
  static String providerHost(Engine engine, HttpURLConnection connection) {
    URL url = connection.getURL();
    if (engine.isProviderHost(url.getHost(), url.getPort())) {
      return url.getHost();
    }
    if (engine.gateway() == null || !engine.gateway().isGatewayTarget(url)) {
      return null;
    }
    String upstream = connection.getRequestProperty(Headers.UPSTREAM);
    try {
      return upstream == null ? null : new URI(upstream).getHost();
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
