package io.takumo.aegis.server.admission;

import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.keys.ApiKeys;
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

  public Admission(AdmissionStore store, RateLimiter rateLimiter, Clock clock) {
    this.store = store;
    this.rateLimiter = rateLimiter;
    this.clock = clock;
  }

  /** @param apiKey the {@code X-Takumo-Api-Key} header, or null when absent */
  public Decision admit(String apiKey, ProviderRoute route) {
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
      return admit(found.get(), route);
    } catch (StoreException e) {
      return reject(ErrorCode.UNAVAILABLE, "The gateway cannot reach its store; retry shortly.", null,
          Map.of("Retry-After", STORE_RETRY_AFTER_SECONDS));
    }
  }

  private Decision admit(KeyPrincipal principal, ProviderRoute route) {
    Plan plan = principal.plan();
    if (!principal.scopes().contains(route.scope())) {
      return reject(ErrorCode.MISSING_SCOPE, "This key lacks the scope " + route.scope().wireName() + ".", principal, Map.of());
    }
    String provider = route.provider().id();
    if (!plan.allowsProvider(provider)) {
      return reject(ErrorCode.PLAN_LIMIT, "The plan " + plan.name() + " does not include the provider " + provider + ".",
          principal, Map.of());
    }
    long now = clock.millis();
    String month = YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString();
    if (plan.creditsPerMonthMicros() != null) {
      MonthlyTotals totals = store.monthlyTotals(principal.orgId(), month);
      if (totals.creditsMicros() >= plan.creditsPerMonthMicros()) {
        return reject(ErrorCode.PLAN_LIMIT, "The monthly credit limit of " + Money.usd(plan.creditsPerMonthMicros())
            + " of the plan " + plan.name() + " is used up.", principal, Map.of());
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
            + plan.name() + " is reached; retry after " + window.resetSeconds() + " s.", principal, headers);
      }
    }
    if (!store.reserveRequest(principal.orgId(), month, plan.requestsPerMonth())) {
      return reject(ErrorCode.PLAN_LIMIT, "The monthly request limit of " + plan.requestsPerMonth() + " of the plan "
          + plan.name() + " is used up.", principal, quota);
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
}
