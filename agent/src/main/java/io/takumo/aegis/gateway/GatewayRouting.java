package io.takumo.aegis.gateway;

import java.net.URI;

/**
 * The routing rule: where a provider request goes in gateway mode.
 *
 * <p>The gateway URL is {@code scheme://host[:port]/base} (base may be empty; the default is
 * {@code /v1}). A provider request {@code /path?query} goes to {@code scheme://host[:port]/base}
 * followed by the provider path, where, if the provider path's first segment equals the base's
 * last segment ({@code v1} and {@code /v1/...}), that one segment is not repeated; the query is
 * kept as it is (a provider path of just {@code /v1} maps to the base itself). So with the default base {@code /v1}: OpenAI {@code /v1/chat/completions} and
 * Anthropic {@code /v1/messages} go to {@code /v1/chat/completions} and {@code /v1/messages};
 * Gemini {@code /v1beta/models/m:generateContent} goes to {@code /v1/v1beta/models/m:generateContent};
 * Azure {@code /openai/deployments/d/chat/completions} goes to
 * {@code /v1/openai/deployments/d/chat/completions}. The gateway does not have to invert this: the
 * original URL travels in the {@code X-Takumo-Upstream} header.
 */
public final class GatewayRouting {

  private GatewayRouting() {}

  /** The gateway URI for {@code original}, on the gateway {@code base}. */
  public static URI gatewayUri(URI base, URI original) {
    String basePath = stripTrailingSlash(base.getRawPath() == null ? "" : base.getRawPath());
    String path = original.getRawPath() == null || original.getRawPath().isEmpty() ? "/" : original.getRawPath();
    String lastBaseSegment = basePath.substring(basePath.lastIndexOf('/') + 1);
    if (!lastBaseSegment.isEmpty()
        && (path.equals("/" + lastBaseSegment) || path.startsWith("/" + lastBaseSegment + "/"))) {
      path = path.substring(lastBaseSegment.length() + 1);
    }
    StringBuilder s = new StringBuilder();
    s.append(base.getScheme()).append("://").append(base.getRawAuthority()).append(basePath).append(path);
    if (original.getRawQuery() != null) {
      s.append('?').append(original.getRawQuery());
    }
    return URI.create(s.toString());
  }

  /** An endpoint of the protocol itself, e.g. {@code _takumo/session}, under the gateway base. */
  public static URI protocolUri(URI base, String endpoint) {
    String basePath = stripTrailingSlash(base.getRawPath() == null ? "" : base.getRawPath());
    return URI.create(base.getScheme() + "://" + base.getRawAuthority() + basePath + "/" + endpoint);
  }

  /** {@code scheme://host[:port]}, as sent in {@code X-Takumo-Upstream} with the path. */
  static String upstream(URI original) {
    String s = original.getScheme() + "://" + original.getRawAuthority();
    String path = original.getRawPath() == null || original.getRawPath().isEmpty() ? "/" : original.getRawPath();
    return s + path + (original.getRawQuery() == null ? "" : "?" + original.getRawQuery());
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
