package io.takumo.aegis.gateway;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.config.Setting;
import io.takumo.aegis.log.AegisLog;
import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gateway mode: decides where each provider request goes, keeps the session, and reads the
 * gateway's answers to say in one log line what went wrong and what to check (the
 * troubleshooting page, entry by entry). Responses themselves always reach the app unchanged.
 */
public final class Gateway {

  /** After the gateway failed with gateway-fallback=local, how long requests go direct before it is tried again. */
  static final long FALLBACK_RETRY_NANOS = 30_000_000_000L;

  private final URI base;
  private final String apiKey;
  private final boolean fallbackLocal;
  private final AegisLog log;
  private final HandshakeClient handshakes;
  private final ProxyChoice proxies;
  private final GatewaySessions sessions;
  private final RateLimitQuota quota = new RateLimitQuota();
  private final Object fallbackLock = new Object();
  /** System.nanoTime() until which requests go direct; 0 when going through the gateway. */
  private volatile long fallbackUntil;

  /** The refusal last logged: each refusal is logged once, not once per request it fails. */
  private volatile GatewayRejectedException refusalLogged;

  Gateway(URI base, String apiKey, List<PublicKey> pinned, boolean fallbackLocal, AegisLog log, ProxyChoice proxies,
      String agentVersion) {
    this.base = base;
    this.apiKey = apiKey;
    this.fallbackLocal = fallbackLocal;
    this.log = log;
    this.proxies = proxies;
    this.handshakes = new HandshakeClient(base, apiKey, pinned, proxies, agentVersion);
    this.sessions = new GatewaySessions(handshakes);
  }

  public static Gateway create(AegisConfig config, AegisLog log) {
    for (String warning : config.apiKeyWarnings()) {
      log.warn(warning);
    }
    ProxyChoice proxies = new ProxyChoice(System.getProperties(), System.getenv());
    if (proxies.envProxyHasCredentials()) {
      log.warn(ProxyChoice.CREDENTIALS_IGNORED);
    }
    List<PublicKey> pinned = config.gatewayPublicKeys();
    if (pinned.isEmpty()) {
      log.error("gateway-public-key is not set: the agent trusts no gateway without its pinned signing key, so "
          + (config.gatewayFallbackLocal() ? "provider requests go straight to the providers, tokenized locally"
              : "provider requests fail with an IOException, unsent")
          + "; " + GatewayUnavailableException.trustChecks());
    }
    return new Gateway(
        URI.create(config.get(Setting.GATEWAY_URL)),
        config.get(Setting.API_KEY),
        pinned,
        config.gatewayFallbackLocal(),
        log,
        proxies,
        agentVersion());
  }

  static String agentVersion() {
    String v = Gateway.class.getPackage() == null ? null : Gateway.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  public URI base() {
    return base;
  }

  /**
   * Where the provider request for {@code original} goes: a route through the gateway, or
   * {@code null} to go straight to the provider (gateway-fallback=local while the gateway is down).
   * The first call of a session performs the handshake; concurrent first calls share it.
   *
   * @throws GatewayUnavailableException the gateway is down (or not trusted) and gateway-fallback is none
   * @throws GatewayRejectedException the gateway refused the handshake, now or within the back-off
   */
  public GatewayRoute route(URI original) throws GatewayUnavailableException, GatewayRejectedException {
    long until = fallbackUntil;
    if (until != 0 && System.nanoTime() - until < 0) {
      return null;
    }
    GatewaySession session;
    try {
      session = sessions.session();
    } catch (GatewayRejectedException e) {
      // The key is not accepted (or rate limited): nothing is sent; the request fails with the refusal.
      if (refusalLogged != e) {
        refusalLogged = e;
        log.warn(refusedMessage(original.getHost(), e));
      }
      throw e;
    } catch (GatewayUnavailableException e) {
      if (startFallback(original.getHost(), e)) {
        return null;
      }
      throw e;
    } catch (IOException e) {
      GatewayUnavailableException down = unavailable(e);
      if (startFallback(original.getHost(), down)) {
        return null;
      }
      throw down;
    }
    if (until != 0) {
      endFallback();
    }
    return new GatewayRoute(
        GatewayRouting.gatewayUri(base, original), GatewayRouting.upstream(original), original.getHost(), session);
  }

  /** Logs the failure; with gateway-fallback=local switches to direct and returns true. */
  private boolean startFallback(String host, GatewayUnavailableException e) {
    if (!fallbackLocal) {
      log.error(blockedMessage(host, e));
      return false;
    }
    synchronized (fallbackLock) {
      boolean already = fallbackUntil != 0;
      fallbackUntil = System.nanoTime() + FALLBACK_RETRY_NANOS;
      if (!already) {
        log.warn("the Takumo gateway " + e.url() + " is unreachable (" + e.whatFailed() + "); gateway-fallback is local:"
            + " provider requests now go straight to the providers, tokenized locally, until it answers again; "
            + GatewayUnavailableException.checks(e.url()));
      }
    }
    return true;
  }

  private void endFallback() {
    synchronized (fallbackLock) {
      if (fallbackUntil != 0) {
        fallbackUntil = 0;
        log.info("the Takumo gateway " + base + " answers again; provider requests go through it");
      }
    }
  }

  /** The one-line message of the IOException a request gets when the gateway is down and there is no fallback. */
  public static String blockedMessage(String host, GatewayUnavailableException e) {
    if (e.isUntrusted()) {
      return "Takumo Aegis did not send a request to " + host + ": the Takumo gateway " + e.url() + " is not trusted ("
          + e.whatFailed() + "); " + GatewayUnavailableException.trustChecks();
    }
    return "Takumo Aegis did not send a request to " + host + ": the Takumo gateway " + e.url() + " is unreachable ("
        + e.whatFailed() + "); " + GatewayUnavailableException.checks(e.url())
        + "; or set TAKUMO_AEGIS_GATEWAY_FALLBACK=local to go direct, tokenized locally";
  }

  /** The one-line message of the IOException a request gets while the gateway refuses the handshake. */
  public String refusedMessage(String host, GatewayRejectedException e) {
    String check;
    if (e.status() == 401) {
      check = "check TAKUMO_API_KEY (set, copied whole, not revoked: Settings > API Keys)";
    } else if (e.status() == 403) {
      check = "check the key's scopes (Settings > API Keys > the key) and the plan's limits (Settings > Billing)";
    } else if (e.status() == 429) {
      check = "the org is over its rate limit; reduce request frequency or upgrade the plan";
    } else if ("unsupported_protocol".equals(e.code())) {
      check = "the gateway does not speak protocol " + io.takumo.aegis.protocol.SessionCrypto.VERSION
          + "; update the gateway (on-prem) or the agent";
    } else {
      check = "check the gateway URL (TAKUMO_GATEWAY_URL=" + base + ") and TAKUMO_API_KEY";
    }
    return "Takumo Aegis did not send a request to " + host + ": the Takumo gateway " + base + " refused the handshake (HTTP "
        + e.status() + (e.code() == null ? "" : " " + e.code())
        + (e.gatewayMessage() == null ? "" : ": \"" + redact(e.gatewayMessage()) + "\"") + "); " + check
        + "; the agent tries again in " + sessions.backOffSecondsLeft() + " s";
  }

  /**
   * Reads the status and headers of the gateway's answer to a routed request and logs one line for
   * the statuses of the troubleshooting page. The response itself is not touched.
   *
   * @param header looks a response header up by name (null if absent)
   */
  public void onResponse(GatewayRoute route, int status, Function<String, String> header) {
    onResponse(route.host(), route.session() == null ? null : route.session().id(), status, header);
  }

  /** {@link #onResponse(GatewayRoute, int, Function)} for a client that keeps only the request's headers. */
  public void onResponse(String host, String sessionId, int status, Function<String, String> header) {
    if (quota.record(header.apply(Headers.RATE_LIMIT_REMAINING), header.apply(Headers.RATE_LIMIT_LIMIT))) {
      log.warn("Takumo rate-limit quota is low: X-RateLimit-Remaining " + quota.remaining()
          + (quota.limit() > 0 ? " of " + quota.limit() : "") + "; reduce request frequency or upgrade the plan");
    }
    if (status < 400) {
      return;
    }
    String code = GatewayText.code(header.apply(Headers.ERROR));
    String message = safeMessage(header.apply(Headers.ERROR_MESSAGE));
    String why = (code == null ? "" : code) + (message == null ? "" : (code == null ? "" : ": ") + "\"" + message + "\"");
    String said = why.isEmpty() ? "" : " (" + why + ")";
    switch (status) {
      case 401:
        if ("session_expired".equals(code) || "session_unknown".equals(code)) {
          sessions.invalidate(sessionId);
          log.warn("the Takumo gateway answered 401" + said + " to a request to " + host
              + ": the agent's session ended; the next request performs a new handshake");
        } else if ("bad_signature".equals(code)) {
          sessions.invalidate(sessionId);
          log.warn("the Takumo gateway answered 401" + said + " to a request to " + host
              + ": it did not accept the request's signature; check the host's clock (within 300 s) and that no proxy"
              + " rewrites requests to the gateway; the next request performs a new handshake");
        } else {
          sessions.invalidate(sessionId);
          log.warn("the Takumo gateway answered 401 Unauthorized" + said + " to a request to " + host
              + ": the org API key was not accepted; check TAKUMO_API_KEY (set, copied whole, not revoked: Settings > API Keys)");
        }
        return;
      case 403:
        log.warn("the Takumo gateway answered 403 Forbidden" + said + " to a request to " + host
            + ": check the key's scopes (Settings > API Keys > the key) and the plan's limits (Settings > Billing)");
        return;
      case 429:
        log.warn("the Takumo gateway answered 429 Rate Limited to a request to " + host
            + ": Retry-After " + orNone(header.apply(Headers.RETRY_AFTER)) + ", X-RateLimit-Remaining "
            + orNone(header.apply(Headers.RATE_LIMIT_REMAINING))
            + "; the app receives both headers and backs off; the agent does not retry; if this is regular, upgrade the plan or reduce request frequency");
        return;
      case 502:
        log.warn(fromUpstream(502, host));
        return;
      case 503:
        // The gateway's own 503 says so (X-Takumo-Error-Source gateway), and so does, by leaving it
        // out, a load balancer in front of a gateway that is down; only "upstream" is the provider's.
        if ("upstream".equalsIgnoreCase(header.apply(Headers.ERROR_SOURCE))) {
          log.warn(fromUpstream(503, host));
          return;
        }
        sessions.invalidate(sessionId);
        log.error("the Takumo gateway " + base + " answered 503 Service Unavailable to a request to " + host
            + "; " + GatewayUnavailableException.checks(base.toString())
            + (fallbackLocal ? "; the next request checks the gateway again and goes direct if it is still down" : ""));
        return;
      default:
        return;
    }
  }

  private static String fromUpstream(int status, String host) {
    return "HTTP " + status + " for a request to " + host + " came from the upstream provider, not from Takumo; the provider's"
        + " error is in the response body the app received; check the provider's status page and your provider API key and quota";
  }

  /**
   * A routed request could not be sent (refused, DNS, TLS, timeout): logs the one line, drops the
   * session, and says whether to send it straight to the provider instead (gateway-fallback=local).
   */
  public boolean onSendFailed(GatewayRoute route, IOException e) {
    sessions.invalidate(route.session() == null ? null : route.session().id());
    return startFallback(route.host(), unavailable(e));
  }

  /**
   * {@link #onSendFailed(GatewayRoute, IOException)} for a client that keeps only the request's
   * headers: the provider host and the session id it was signed with (null if none).
   */
  public boolean onSendFailed(String host, String sessionId, Throwable e) {
    sessions.invalidate(sessionId);
    return startFallback(host, unavailable(e));
  }

  /** {@link #unavailable(IOException)} for whatever a client failed the connection with. */
  public GatewayUnavailableException unavailable(Throwable e) {
    return e instanceof IOException
        ? unavailable((IOException) e)
        : new GatewayUnavailableException(base.toString(), GatewayUnavailableException.describe(e, base.getHost()), e);
  }

  /** {@code e}, a failure to reach the gateway, as the exception that names the URL and what failed. */
  public GatewayUnavailableException unavailable(IOException e) {
    return e instanceof GatewayUnavailableException
        ? (GatewayUnavailableException) e
        : new GatewayUnavailableException(base.toString(), GatewayUnavailableException.describe(e, base.getHost()), e);
  }

  /**
   * Whether {@code url} addresses a provider route on this gateway (same scheme, host and port,
   * under the base path, not a {@code _takumo/} protocol endpoint): how a client that cannot carry
   * the route object along (HttpURLConnection) recognises a routed connection.
   */
  public boolean isGatewayTarget(java.net.URL url) {
    if (!base.getScheme().equalsIgnoreCase(url.getProtocol()) || !base.getHost().equalsIgnoreCase(url.getHost())
        || port(base.getPort(), base.getScheme()) != port(url.getPort(), url.getProtocol())) {
      return false;
    }
    String basePath = base.getRawPath() == null ? "" : base.getRawPath();
    basePath = basePath.endsWith("/") ? basePath.substring(0, basePath.length() - 1) : basePath;
    String path = url.getPath();
    return path.startsWith(basePath + "/") && !path.startsWith(basePath + "/_takumo/");
  }

  /** Whether {@code uri} has the gateway's scheme, host and port. */
  public boolean isSameOrigin(URI uri) {
    return base.getScheme().equalsIgnoreCase(uri.getScheme()) && base.getHost().equalsIgnoreCase(uri.getHost())
        && port(base.getPort(), base.getScheme()) == port(uri.getPort(), uri.getScheme());
  }

  private static int port(int port, String scheme) {
    return port > 0 ? port : ("https".equalsIgnoreCase(scheme) ? 443 : 80);
  }

  /**
   * Calls {@code listener} with each new session (the first, and every renewal) in the thread that
   * performed its handshake, before any request is routed with it: the engine applies the org
   * policy there, so even the first request of a session is protected by it.
   */
  public void onSessionEstablished(java.util.function.Consumer<GatewaySession> listener) {
    sessions.onEstablished(listener);
  }

  /** The org policy of the current session (empty before the first handshake). */
  public Map<String, Object> orgPolicy() {
    GatewaySession s = sessions.currentOrNull();
    return s == null ? Collections.<String, Object>emptyMap() : s.orgPolicy();
  }

  public RateLimitQuota quota() {
    return quota;
  }

  int handshakeCount() {
    return sessions.handshakeCount();
  }

  /** Performs a handshake now, for {@code takumo-aegis doctor}. */
  public GatewaySession handshakeNow() throws IOException {
    return handshakes.handshake();
  }

  /** The proxy the agent's own connections to {@code uri} go through ({@code Proxy.NO_PROXY} for none). */
  public java.net.Proxy proxyFor(URI uri) {
    return proxies.forUri(uri);
  }

  public URI sessionUri() {
    return handshakes.sessionUri();
  }

  /** The gateway's text, printable ASCII, at most 300 chars, the API key blanked should it be echoed. */
  private String safeMessage(String message) {
    String m = GatewayText.message(message);
    return m == null ? null : redact(m);
  }

  private String redact(String text) {
    return apiKey.isEmpty() ? text : text.replace(apiKey, "[api key]");
  }

  private static String orNone(String v) {
    return v == null ? "(none)" : v;
  }
}
