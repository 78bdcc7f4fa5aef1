package io.takumo.aegis.instrument;

import java.net.URI;

/** The URI pieces the client instrumentations move between a provider address and the gateway's. */
public final class GatewayTargets {

  private GatewayTargets() {}

  /**
   * The URI the app addressed, from a client's separate pieces.
   *
   * @param port -1 for the scheme's default
   * @param pathAndQuery the request target as the client holds it: origin form ({@code /v1/x?y}),
   *     or absolute form, which then wins over the other pieces
   */
  public static URI original(String scheme, String host, int port, String pathAndQuery) {
    String p = pathAndQuery == null || pathAndQuery.isEmpty() ? "/" : pathAndQuery;
    if (!p.startsWith("/")) {
      return URI.create(p);
    }
    String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create((scheme == null ? "http" : scheme) + "://" + h + (port > 0 ? ":" + port : "") + p);
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
