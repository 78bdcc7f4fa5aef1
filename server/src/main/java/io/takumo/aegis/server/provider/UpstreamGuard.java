package io.takumo.aegis.server.provider;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway may send a request: only to the origin (scheme, host, port) of a configured
 * provider base URL, never elsewhere (no SSRF). Base URLs are checked once, at start-up: https,
 * no credentials, query or fragment, and no loopback, private, link-local or wildcard address
 * unless the operator allows private upstreams (a stand-in provider, an in-cluster proxy), which
 * also allows plain http. Each request's target is then the base URL plus the client's path and
 * query, checked again here. Redirects are never followed (the upstream client is built so).
 */
public final class UpstreamGuard {
  private final Map<Provider, URI> bases;

  /**
   * @throws IllegalArgumentException with a one-line message when a base URL is not allowed
   */
  public UpstreamGuard(Map<Provider, URI> configured, boolean allowPrivate) {
    Map<Provider, URI> checked = new EnumMap<>(Provider.class);
    for (Provider provider : Provider.values()) {
      URI base = configured.getOrDefault(provider, provider.defaultBaseUrl());
      checked.put(provider, checkBase(provider, base, allowPrivate));
    }
    this.bases = checked;
  }

  public URI base(Provider provider) {
    return bases.get(provider);
  }

  /**
   * The URL a request for this provider goes to, or empty when the path is not a plain absolute
   * path ({@code ..}, {@code //}, backslashes, control characters) or the result leaves the
   * provider's origin.
   */
  public Optional<URI> target(Provider provider, String path, String query) {
    if (path == null || !path.startsWith("/") || path.contains("..") || path.contains("//") || path.contains("\\")
        || hasControlOrSpace(path) || query != null && hasControlOrSpace(query)) {
      return Optional.empty();
    }
    URI base = bases.get(provider);
    String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
    try {
      URI target = new URI(base.getScheme() + "://" + base.getRawAuthority() + basePath + path
          + (query == null || query.isEmpty() ? "" : "?" + query));
      return sameOrigin(target, base) ? Optional.of(target) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * Where an agent's routed request goes (docs/gateway-protocol.md, "Routing"): its
   * {@code X-Takumo-Upstream} names the provider URL the app addressed. That URL must be on a
   * provider's public origin ({@code https://api.openai.com}) or on the base URL configured for it
   * (a stand-in or an in-cluster proxy), and the request is sent to the configured base URL with
   * the URL's path and query, so {@code --openai-base-url} applies to agents as to base-URL
   * clients. The path must be an operation the gateway forwards for that same provider
   * ({@link ProviderRoute}). Empty when any of that fails: the gateway never sends elsewhere.
   *
   * @param anthropicVersion whether the request carries {@code anthropic-version}
   */
  public Optional<AgentTarget> agentTarget(String method, String upstream, boolean anthropicVersion) {
    URI url;
    try {
      url = new URI(upstream);
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
    if (!url.isAbsolute() || url.getHost() == null || url.getRawUserInfo() != null || url.getRawFragment() != null) {
      return Optional.empty();
    }
    String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
    for (Provider provider : Provider.values()) {
      String providerPath = null;
      if (sameOrigin(url, provider.defaultBaseUrl())) {
        providerPath = path;
      } else if (sameOrigin(url, bases.get(provider))) {
        String basePath = bases.get(provider).getRawPath() == null ? "" : bases.get(provider).getRawPath().replaceAll("/+$", "");
        providerPath = path.startsWith(basePath + "/") ? path.substring(basePath.length()) : null;
      }
      if (providerPath == null) {
        continue;
      }
      Optional<ProviderRoute> route = ProviderRoute.of(method, providerPath,
          anthropicVersion || provider == Provider.ANTHROPIC);
      if (route.isPresent() && route.get().provider() == provider) {
        Optional<URI> target = target(provider, providerPath, url.getRawQuery());
        if (target.isPresent()) {
          return Optional.of(new AgentTarget(route.get(), target.get()));
        }
      }
    }
    return Optional.empty();
  }

  /** An agent's routed request: its route (provider, scope) and the URL it is sent to. */
  public record AgentTarget(ProviderRoute route, URI target) {
  }

  /** The URL's port, or its scheme's default. */
  public static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
        && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static URI checkBase(Provider provider, URI base, boolean allowPrivate) {
    String flag = "--" + provider.id() + "-base-url";
    String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
    if (base.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(flag + ": not an http(s) URL with a host");
    }
    if (base.getRawUserInfo() != null || base.getRawQuery() != null || base.getRawFragment() != null) {
      throw new IllegalArgumentException(flag + ": a base URL has no credentials, query or fragment");
    }
    if (scheme.equals("http") && !allowPrivate) {
      throw new IllegalArgumentException(flag + ": plain http needs --allow-private-upstreams");
    }
    if (!allowPrivate && isPrivate(base.getHost())) {
      throw new IllegalArgumentException(flag + ": " + base.getHost()
          + " is a loopback, private or link-local address; allow it with --allow-private-upstreams");
    }
    return base;
  }

  /** Whether a host is a literal (or {@code localhost}) address that is not public. Names are not resolved. */
  static boolean isPrivate(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost") || h.toLowerCase(Locale.ROOT).endsWith(".localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      InetAddress address = InetAddress.getByName(h);
      return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
          || address.isAnyLocalAddress() || address.isMulticastAddress() || isUniqueLocalV6(address)
          || isCarrierGradeNat(address);
    } catch (UnknownHostException e) {
      return true;
    }
  }

  private static boolean isUniqueLocalV6(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 16 && (bytes[0] & 0xfe) == 0xfc;
  }

  private static boolean isCarrierGradeNat(InetAddress address) {
    byte[] bytes = address.getAddress();
    return bytes.length == 4 && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
  }

  private static boolean hasControlOrSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
