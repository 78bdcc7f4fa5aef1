package io.takumo.aegis.server.store;

import java.time.Instant;
import java.util.Optional;

/**
 * What a gateway's request path needs of a store: a key by its hash, the org's month, usage
 * recording, the org's policy and a readiness ping. The full {@link Store} (the embedded database)
 * is one; a fleet gateway's store, fed by its coordinator, is the other.
 *
 * <p>Every method may throw {@link StoreException} when the store cannot answer.
 */
public interface AdmissionStore {

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

  /**
   * The org's policy (docs/gateway-protocol.md, "The org policy"), JSON text as it was set, or
   * empty when the org has none or does not exist. The gateway's engine seam and agent handshakes
   * read it on every request they protect.
   */
  Optional<String> orgPolicy(String orgId);

  /** A trivial query, for readiness. */
  void ping();
}
