package io.takumo.aegis.instrument.netty;

/** A {@code Host} header's host and port ({@code -1} when it names none). */
public final class HostAndPort {

  public final String host;
  public final int port;

  private HostAndPort(String host, int port) {
    this.host = host;
    this.port = port;
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
