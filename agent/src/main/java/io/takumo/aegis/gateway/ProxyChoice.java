package io.takumo.aegis.gateway;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The proxy for the agent's own connections to the gateway: the JVM's settings first
 * ({@code https.proxyHost}/{@code https.proxyPort}, {@code http.proxyHost}/{@code http.proxyPort},
 * with {@code http.nonProxyHosts}, through the JVM's ProxySelector), else the environment
 * ({@code HTTPS_PROXY} / {@code HTTP_PROXY}, either case, with {@code NO_PROXY}), else direct.
 */
final class ProxyChoice {

  /**
   * Said once when the environment's proxy URL names a user: the JDK turns Basic authentication
   * off for HTTPS tunnels ({@code jdk.http.auth.tunneling.disabledSchemes}), a JVM-wide setting the
   * agent does not change under the app, so the handshake goes to the proxy without credentials.
   */
  static final String CREDENTIALS_IGNORED = "HTTPS_PROXY/HTTP_PROXY names a proxy user and password: the agent does not"
      + " send proxy credentials on its handshake (the JDK disables Basic authentication for HTTPS tunnels), so allow the"
      + " gateway's host through the proxy without authentication, or list it in NO_PROXY";

  private final Map<?, ?> properties;
  private final Map<String, String> env;

  ProxyChoice(Map<?, ?> properties, Map<String, String> env) {
    this.properties = properties;
    this.env = env;
  }

  Proxy forUri(URI uri) {
    boolean https = "https".equalsIgnoreCase(uri.getScheme());
    if (properties.get(https ? "https.proxyHost" : "http.proxyHost") != null) {
      ProxySelector selector = ProxySelector.getDefault();
      List<Proxy> proxies = selector == null ? null : selector.select(uri);
      return proxies == null || proxies.isEmpty() ? Proxy.NO_PROXY : proxies.get(0);
    }
    String proxy = envValue(https ? "HTTPS_PROXY" : "HTTP_PROXY");
    if (proxy == null || proxy.isEmpty() || excluded(uri.getHost(), envValue("NO_PROXY"))) {
      return Proxy.NO_PROXY;
    }
    URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
    int port = p.getPort() > 0 ? p.getPort() : ("https".equalsIgnoreCase(p.getScheme()) ? 443 : 80);
    return new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port));
  }

  /** Whether the environment's proxy URL has a {@code user[:password]@} part (never logged). */
  boolean envProxyHasCredentials() {
    for (String name : new String[] {"HTTPS_PROXY", "HTTP_PROXY"}) {
      String proxy = envValue(name);
      if (proxy != null && !proxy.isEmpty()) {
        try {
          if (URI.create(proxy.contains("://") ? proxy : "http://" + proxy).getRawUserInfo() != null) {
            return true;
          }
        } catch (IllegalArgumentException e) {
          // Not a URL: forUri says nothing of it either.
        }
      }
    }
    return false;
  }

  private String envValue(String name) {
    String v = env.get(name);
    return v != null ? v : env.get(name.toLowerCase(Locale.ROOT));
  }

  /** NO_PROXY: comma-separated hosts or domain suffixes ({@code .corp.example}, {@code corp.example}), or {@code *}. */
  static boolean excluded(String host, String noProxy) {
    if (noProxy == null || host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String entry : noProxy.split(",")) {
      String e = entry.trim().toLowerCase(Locale.ROOT);
      int colon = e.lastIndexOf(':');
      if (colon > 0 && e.indexOf(']') < colon) {
        e = e.substring(0, colon);
      }
      if (e.isEmpty()) {
        continue;
      }
      if (e.equals("*")) {
        return true;
      }
      String domain = e.startsWith(".") ? e.substring(1) : e;
      if (h.equals(domain) || h.endsWith("." + domain)) {
        return true;
      }
    }
    return false;
  }
}
