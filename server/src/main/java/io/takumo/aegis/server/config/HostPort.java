package io.takumo.aegis.server.config;

/** A listen address, {@code HOST:PORT} or {@code [IPv6]:PORT}; port 0 picks a free one. */
public record HostPort(String host, int port) {

  /** @throws IllegalArgumentException with a one-line message */
  public static HostPort parse(String text, String flag) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw new IllegalArgumentException(flag + ": expected HOST:PORT, got '" + text + "'");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535 || host.isEmpty()) {
      throw new IllegalArgumentException(flag + ": expected HOST:PORT with a port from 0 to 65535, got '" + text + "'");
    }
    return new HostPort(host, port);
  }

  /** The host as it goes in a URL. */
  public String urlHost() {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
