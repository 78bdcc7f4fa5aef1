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
 * <p>What admission, usage recording and readiness need is {@link AdmissionStore}, which a fleet
 * gateway serves from its coordinator's pushed config instead.
 *
 * <p>Every method may throw {@link StoreException} when the database cannot answer, and the
 * changes throw {@link ConflictException} for names that clash and {@link NotFoundException} for
 * names that do not exist.
 */
public interface Store extends AdmissionStore {

  Plan createPlan(String name, Integer rateLimitPerMinute, Long requestsPerMonth, Long creditsPerMonthMicros,
      Set<String> providers);

  List<Plan> listPlans();

  Org createOrg(String name, String planName);

  List<Org> listOrgs();

  Optional<Org> findOrg(String name);

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

  /** The org's usage in the month, by key and provider. */
  List<UsageRow> usage(String orgId, String month);

  /** The org's usage in the month ({@code yyyy-MM}) by day (when requests ended) and provider, in day order. */
  List<DailyUsage> dailyUsage(String orgId, String month);
}
