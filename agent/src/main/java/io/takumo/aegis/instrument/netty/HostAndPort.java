package io.takumo.aegis.instrument.netty;

/** A {@code Host} header's host and port ({@code -1} when it names none). */
public final class HostAndPort {

  public final String host;
  public final int port;

  private HostAndPort(String host, int port) {
    this.host = host;
    this.port = port;
  }

  static HostAndPort of(String host, int port) {
    return host == null || host.isEmpty() ? null : new HostAndPort(host, port);
  }

  /** The authority of an absolute-form request target ({@code http://host:port/path}), else null. */
  static HostAndPort ofAbsoluteUri(String uri) {
    if (uri == null) {
      return null;
    }
    int scheme = uri.indexOf("://");
    if (scheme <= 0 || uri.charAt(0) == '/') {
      return null;
    }
    int start = scheme + 3;
    int end = start;
    while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
      end++;
    }
    String authority = uri.substring(start, end);
    return parse(authority.substring(authority.lastIndexOf('@') + 1));
  }

  /** Returns null for a missing or malformed header. */
  public static HostAndPort parse(String header) {
    if (header == null) {
      return null;
    }
    String value = header.trim();
    int colon;
    String host;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0) {
        return null;
      }
      host = value.substring(1, close);
      colon = value.indexOf(':', close);
    } else {
      colon = value.lastIndexOf(':');
      host = colon < 0 ? value : value.substring(0, colon);
    }
    if (host.isEmpty()) {
      return null;
    }
    if (colon < 0) {
      return new HostAndPort(host, -1);
    }
    try {
      return new HostAndPort(host, Integer.parseInt(value.substring(colon + 1)));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
