package io.takumo.aegis.server.admission;

import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.MonthlyTotals;
import io.takumo.aegis.server.store.Plan;
import io.takumo.aegis.server.store.AdmissionStore;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.usage.Money;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a provider request may go through, in this order: the key
 * ({@code invalid_api_key}), its scope for the route ({@code missing_scope}), the plan's providers
 * and monthly credits ({@code plan_limit}), the org's rate limit ({@code rate_limited}), then the
 * plan's monthly requests ({@code plan_limit}), reserved atomically in the store so that a plan of
 * N requests serves exactly N however many arrive at once. A store that cannot answer is
 * {@code unavailable}.
 *
 * <p>Blocking (it queries the store): callers run it off the event loop. Nothing is cached, so a
 * revoked key is refused on its next request.
 */
public final class Admission {
  static final String STORE_RETRY_AFTER_SECONDS = "5";

  private final AdmissionStore store;
  private final RateLimiter rateLimiter;
  private final Clock clock;
  private final RecentRefusals refusals;

  public Admission(AdmissionStore store, RateLimiter rateLimiter, Clock clock) {
    this(store, rateLimiter, clock, new RecentRefusals());
  }

  /** @param refusals where refusals of known keys are remembered (the dashboard shows them) */
  public Admission(AdmissionStore store, RateLimiter rateLimiter, Clock clock, RecentRefusals refusals) {
    this.store = store;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
    this.refusals = refusals;
  }

  public RecentRefusals refusals() {
    return refusals;
  }

  /** @param apiKey the {@code X-Takumo-Api-Key} header, or null when absent */
  public Decision admit(String apiKey, ProviderRoute route) {
    Decision key = identify(apiKey);
    return key instanceof Decision.Identified identified ? admitWithStore(identified.principal(), route) : key;
  }

  /**
   * A routed request of an agent's session (docs/gateway-protocol.md): the key that made the
   * session, found again by its hash so that a key revoked since is refused on its next request,
   * then admitted as {@link #admit} does.
   */
  public Decision admitSession(String keyHash, ProviderRoute route) {
    try {
      Optional<KeyPrincipal> found = store.findActiveKey(keyHash);
      if (found.isEmpty()) {
        return reject(ErrorCode.INVALID_API_KEY, "The API key was revoked during the session.", null, Map.of());
      }
      return admitWithStore(found.get(), route);
    } catch (StoreException e) {
      return storeDown();
    }
  }

  /**
   * The key of a handshake: {@link Decision.Identified} when it is active and holds a scope for
   * provider traffic, else refused ({@code invalid_api_key}, {@code missing_scope}). Nothing is counted.
   */
  public Decision handshake(String apiKey) {
    Decision key = identify(apiKey);
    if (key instanceof Decision.Identified identified
        && identified.principal().scopes().stream().noneMatch(Scope::forProviderTraffic)) {
      return reject(ErrorCode.MISSING_SCOPE, "This key has no scope for provider traffic (llm:chat, llm:embeddings or"
          + " llm:read).", identified.principal(), Map.of());
    }
    return key;
  }

  private Decision identify(String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      return reject(ErrorCode.INVALID_API_KEY, "The X-Takumo-Api-Key header is missing.", null, Map.of());
    }
    if (!ApiKeys.isWellFormed(apiKey)) {
      return reject(ErrorCode.INVALID_API_KEY, "The X-Takumo-Api-Key header is not a Takumo API key.", null, Map.of());
    }
    try {
      Optional<KeyPrincipal> found = store.findActiveKey(ApiKeys.hash(apiKey));
      if (found.isEmpty()) {
        return reject(ErrorCode.INVALID_API_KEY, "The API key is unknown or revoked.", null, Map.of());
      }
      return new Decision.Identified(found.get());
    } catch (StoreException e) {
      return storeDown();
    }
  }

  private Decision admitWithStore(KeyPrincipal principal, ProviderRoute route) {
    try {
      return admit(principal, route);
    } catch (StoreException e) {
      return storeDown();
    }
  }

  private static Decision storeDown() {
    return reject(ErrorCode.UNAVAILABLE, "The gateway cannot reach its store; retry shortly.", null,
        Map.of("Retry-After", STORE_RETRY_AFTER_SECONDS));
  }

  private Decision admit(KeyPrincipal principal, ProviderRoute route) {
    Plan plan = principal.plan();
    if (!principal.scopes().contains(route.scope())) {
      return reject(ErrorCode.MISSING_SCOPE, "This key lacks the scope " + route.scope().wireName() + ".", principal, route,
          Map.of());
    }
    String provider = route.provider().id();
    if (!plan.allowsProvider(provider)) {
      return reject(ErrorCode.PLAN_LIMIT, "The plan " + plan.name() + " does not include the provider " + provider + ".",
          principal, route, Map.of());
    }
    long now = clock.millis();
    String month = YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString();
    if (plan.creditsPerMonthMicros() != null) {
      MonthlyTotals totals = store.monthlyTotals(principal.orgId(), month);
      if (totals.creditsMicros() >= plan.creditsPerMonthMicros()) {
        return reject(ErrorCode.PLAN_LIMIT, "The monthly credit limit of " + Money.usd(plan.creditsPerMonthMicros())
            + " of the plan " + plan.name() + " is used up.", principal, route, Map.of());
      }
    }
    Map<String, String> quota = Map.of();
    if (plan.rateLimitPerMinute() != null) {
      RateLimiter.Result window = rateLimiter.tryAcquire(principal.orgId(), plan.rateLimitPerMinute(), now);
      quota = quotaHeaders(window);
      if (!window.allowed()) {
        Map<String, String> headers = new LinkedHashMap<>(quota);
        headers.put("Retry-After", Long.toString(window.resetSeconds()));
        return reject(ErrorCode.RATE_LIMITED, "The rate limit of " + window.limit() + " requests per minute of the plan "
            + plan.name() + " is reached; retry after " + window.resetSeconds() + " s.", principal, route, headers);
      }
    }
    if (!store.reserveRequest(principal.orgId(), month, plan.requestsPerMonth())) {
      return reject(ErrorCode.PLAN_LIMIT, "The monthly request limit of " + plan.requestsPerMonth() + " of the plan "
          + plan.name() + " is used up.", principal, route, quota);
    }
    return new Decision.Admitted(principal, month, quota);
  }

  /**
   * {@code X-RateLimit-Limit}/{@code -Remaining} (what the agent reads) and the IETF httpapi
   * draft's {@code RateLimit-Policy} and {@code RateLimit} for the same one-minute window.
   */
  static Map<String, String> quotaHeaders(RateLimiter.Result window) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-RateLimit-Limit", Integer.toString(window.limit()));
    headers.put("X-RateLimit-Remaining", Integer.toString(window.remaining()));
    headers.put("RateLimit-Policy", "\"minute\";q=" + window.limit() + ";w=60");
    headers.put("RateLimit", "\"minute\";r=" + window.remaining() + ";t=" + window.resetSeconds());
    return headers;
  }

  private static Decision reject(ErrorCode code, String message, KeyPrincipal principal, Map<String, String> headers) {
    return new Decision.Rejected(new TakumoError(code, message, headers), principal);
  }

  /** A known key's refusal: remembered for its org (the message holds no secret: see the callers). */
  private Decision reject(ErrorCode code, String message, KeyPrincipal principal, ProviderRoute route,
      Map<String, String> headers) {
    refusals.record(principal.orgId(), new RecentRefusals.Refusal(clock.instant(), code.status(), code.code(), message,
        principal.keyPrefix(), route.provider().id()));
    return reject(code, message, principal, headers);
  }
}
