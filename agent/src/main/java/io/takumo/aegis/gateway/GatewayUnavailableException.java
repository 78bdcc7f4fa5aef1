package io.takumo.aegis.gateway;

import java.io.IOException;

/**
 * The gateway could not be reached or could not serve (503, refused, DNS, TLS, timeout). The
 * message names the URL and what failed, and never holds the API key.
 */
public final class GatewayUnavailableException extends IOException {

  private static final long serialVersionUID = 1L;

  private final String url;
  private final String whatFailed;
  private final boolean untrusted;

  GatewayUnavailableException(String url, String whatFailed, Throwable cause) {
    this(url, whatFailed, cause, false);
  }

  private GatewayUnavailableException(String url, String whatFailed, Throwable cause, boolean untrusted) {
    super("Takumo gateway " + url + (untrusted ? " not trusted: " : " unreachable: ") + whatFailed, cause);
    this.url = url;
    this.whatFailed = whatFailed;
    this.untrusted = untrusted;
  }

  /**
   * The gateway cannot be trusted: no key is pinned, or the handshake reply is not signed by a
   * pinned key. Handled as unreachable (nothing goes to it), with its own checks.
   */
  static GatewayUnavailableException untrusted(String url, String whatFailed) {
    return new GatewayUnavailableException(url, whatFailed, null, true);
  }

  /** Whether the gateway was reached but is not trusted (see {@link #untrusted}). */
  public boolean isUntrusted() {
    return untrusted;
  }

  public String url() {
    return url;
  }

  /** E.g. {@code connection refused}, {@code DNS lookup of gw.example failed}, {@code HTTP 503}. */
  public String whatFailed() {
    return whatFailed;
  }

  /** What to check when the gateway is not trusted. */
  public static String trustChecks() {
    return "check: gateway-public-key (TAKUMO_GATEWAY_PUBLIC_KEY) holds the gateway's signing key"
        + " (Settings > Gateway > Signing key; on-prem, the gateway's configured key) and TAKUMO_GATEWAY_URL names that gateway";
  }

  /** The troubleshooting page's checks, for a log line or an exception message. */
  public static String checks(String url) {
    String host = java.net.URI.create(url).getHost();
    return "check: the gateway URL (TAKUMO_GATEWAY_URL=" + url + "), DNS (nslookup " + host
        + "), the firewall (port 443 open to the gateway), the proxy (https.proxyHost/https.proxyPort or HTTPS_PROXY/NO_PROXY)";
  }

  /**
   * Whether {@code e} means the request never reached the gateway (refused, DNS, TLS handshake,
   * connect timeout): only then may it go elsewhere without having been sent twice.
   */
  public static boolean isConnectFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException || t instanceof java.net.ConnectException
          || t instanceof java.net.NoRouteToHostException || t instanceof javax.net.ssl.SSLHandshakeException
          || t instanceof java.net.http.HttpConnectTimeoutException || t instanceof java.nio.channels.UnresolvedAddressException) {
        return true;
      }
    }
    return false;
  }

  /** Says what a failed connection attempt was, from the exception the JDK threw. */
  static String describe(Throwable e, String host) {
    // Some clients (java.net.http) wrap a failed lookup in a ConnectException: look for it first.
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
        return "DNS lookup of " + host + " failed";
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.ConnectException) {
        return "connection refused";
      }
      if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
        return "timed out";
      }
      if (t instanceof javax.net.ssl.SSLException) {
        return "TLS handshake failed (" + t.getClass().getSimpleName() + ")";
      }
    }
    return "I/O error (" + e.getClass().getSimpleName() + ")";
  }
}
