package io.takumo.aegis.server.store;

import io.takumo.aegis.server.keys.Scope;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Orgs, plans, keys and usage. One implementation, {@link JdbcStore}, serves the embedded H2
 * database and (with the coordinator) PostgreSQL; the interface is what admission, the admin API
 * and usage recording depend on, so a later counter store (Redis) can take over the hot counters.
 *
 * <p>Every method may throw {@link StoreException} when the database cannot answer, and the
 * changes throw {@link ConflictException} for names that clash and {@link NotFoundException} for
 * names that do not exist.
 */
public interface Store {

  Plan createPlan(String name, Integer rateLimitPerMinute, Long requestsPerMonth, Long creditsPerMonthMicros,
      Set<String> providers);

  List<Plan> listPlans();

  Org createOrg(String name, String planName);

  List<Org> listOrgs();

  Optional<Org> findOrg(String name);

  /**
   * The org's policy (docs/gateway-protocol.md, "The org policy"), JSON text as it was set, or
   * empty when the org has none or does not exist.
   */
  Optional<String> orgPolicy(String orgId);

  /** Sets (or with null removes) the policy of the org of this name; the caller has validated it. */
  void setOrgPolicy(String orgName, String policyJson);

  /** Stores a new key's hash and prefix (never the key). */
  KeyInfo createKey(String orgName, String name, Set<Scope> scopes, String prefix, String keyHash, Instant now);

  List<KeyInfo> listKeys(String orgName);

  /**
   * Revokes the key with this id, or the one key with this prefix; idempotent. With an
   * {@code orgId}, only a key of that org is found.
   */
  KeyInfo revokeKey(String idOrPrefix, String orgId, Instant now);

  /** The active (not revoked) key with this hash, with its org and plan. */
  Optional<KeyPrincipal> findActiveKey(String keyHash);

  /** The org's admitted requests and charged credits in the month ({@code yyyy-MM}, UTC). */
  MonthlyTotals monthlyTotals(String orgId, String month);

  /**
   * Counts one request against the org's month if that keeps it within {@code limit} (null: no
   * limit), atomically: concurrent callers on any number of threads or replicas sharing the
   * database never admit more than the limit. Returns whether it was counted.
   */
  boolean reserveRequest(String orgId, String month, Long limit);

  /** Charges a finished request's credits to the org's month and records it for its key. */
  void recordUsage(UsageRecord usage, Instant now);

  /** The org's usage in the month, by key and provider. */
  List<UsageRow> usage(String orgId, String month);

  /** The org's usage in the month ({@code yyyy-MM}) by day (when requests ended) and provider, in day order. */
  List<DailyUsage> dailyUsage(String orgId, String month);

  /** A trivial query, for readiness. */
  void ping();
}
