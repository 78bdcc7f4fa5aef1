package io.takumo.aegis.server.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Which headers cross the gateway, in each direction. */
final class Headers {
  /**
   * Hop-by-hop (RFC 9110 7.6.1), those the HTTP stack sets itself for the next hop, and
   * {@code Expect}: the gateway answers {@code 100-continue} itself and sends the body on at once.
   */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
      "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
      "content-length", "http2-settings", "expect");

  private Headers() {
  }

  /**
   * Copies end-to-end headers. Every {@code X-Takumo-*} header is dropped, in both directions: the
   * Takumo key and the protocol's headers never reach the provider, and a provider cannot speak
   * for the gateway.
   */
  static void copyEndToEnd(MultiMap from, MultiMap to) {
    Set<String> listedInConnection = new HashSet<>();
    for (String value : from.getAll("connection")) {
      for (String name : value.split(",")) {
        listedInConnection.add(name.trim().toLowerCase(Locale.ROOT));
      }
    }
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(name) && !listedInConnection.contains(name) && !name.startsWith("x-takumo-")) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }
}
