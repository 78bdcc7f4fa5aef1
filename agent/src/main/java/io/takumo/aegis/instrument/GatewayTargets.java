package io.takumo.aegis.instrument;

import java.net.URI;

/** The URI pieces the client instrumentations move between a provider address and the gateway's. */
public final class GatewayTargets {

  private GatewayTargets() {}

  /**
   * The URI the app addressed, from a client's separate pieces.
   *
   * @param port -1 (or the number itself) for the scheme's default
   * @param pathAndQuery the request target as the client holds it: origin form ({@code /v1/x?y}),
   *     or absolute form, which then wins over the other pieces
   */
  public static URI original(String scheme, String host, int port, String pathAndQuery) {
    String p = pathAndQuery == null || pathAndQuery.isEmpty() ? "/" : pathAndQuery;
    if (!p.startsWith("/")) {
      return URI.create(p);
    }
    String s = scheme == null ? "http" : scheme;
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    // A client that fills the scheme's default port in (Jetty) still addressed the URL without it.
    boolean defaultPort = port == ("https".equalsIgnoreCase(s) ? 443 : 80);
    return URI.create(s + "://" + h + (port > 0 && !defaultPort ? ":" + port : "") + p);
  }

  /** The request target (origin form) of {@code uri}: its raw path, and its raw query if any. */
  public static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** The port of {@code uri}, the scheme's default when it names none. */
  public static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }
}
