package io.takumo.aegis.instrument.jdkhttp;

import java.net.http.HttpRequest;
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
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(original.uri())
            .method(original.method(), body)
            .expectContinue(original.expectContinue());
    original.timeout().ifPresent(builder::timeout);
    original.version().ifPresent(builder::version);
    for (Map.Entry<String, List<String>> header : original.headers().map().entrySet()) {
      if (RESTRICTED.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : header.getValue()) {
        builder.header(header.getKey(), value);
      }
    }
    return builder.build();
  }
}
