package io.takumo.aegis.instrument.jdkhttp;

import io.takumo.aegis.gateway.GatewayRoute;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds an {@code HttpRequest} with another body and everything else as it was. (Java 16's
 * {@code HttpRequest.newBuilder(request, filter)} would do, but the agent runs on Java 11.)
 */
final class RequestCopier {

  /** Headers the builder refuses; the client computes them itself. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade");

  private RequestCopier() {}

  static HttpRequest withBody(HttpRequest original, HttpRequest.BodyPublisher body) {
    return copy(original, original.uri(), body, Collections.<String, String>emptyMap());
  }

  /**
   * The request readdressed to the gateway, with the route's headers added (replacing any the app
   * set under those names) and every other header, the app's provider credentials included, kept.
   *
   * @param sentBody the body bytes as sent, for the signature, or null if the agent did not read them
   */
  static HttpRequest routed(
      HttpRequest original, GatewayRoute route, HttpRequest.BodyPublisher body, byte[] sentBody) {
    return copy(original, route.target(), body, route.headers(original.method(), sentBody, name -> original.headers().firstValue(name).orElse(null)));
  }

  private static HttpRequest copy(
      HttpRequest original, URI uri, HttpRequest.BodyPublisher body, Map<String, String> added) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .method(original.method(), body)
            .expectContinue(original.expectContinue());
    original.timeout().ifPresent(builder::timeout);
    original.version().ifPresent(builder::version);
    for (Map.Entry<String, List<String>> header : original.headers().map().entrySet()) {
      if (RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT)) || containsIgnoreCase(added, header.getKey())) {
        continue;
      }
      for (String value : header.getValue()) {
        builder.header(header.getKey(), value);
      }
    }
    for (Map.Entry<String, String> header : added.entrySet()) {
      builder.header(header.getKey(), header.getValue());
    }
    return builder.build();
  }

  private static boolean containsIgnoreCase(Map<String, String> headers, String name) {
    for (String key : headers.keySet()) {
      if (key.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }
}
