package io.takumo.aegis.server.shared;

import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.takumo.aegis.server.store.AdmissionStore;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.MonthlyTotals;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.store.UsageRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A gateway's store with the org's monthly request and credit counters in Redis, shared by every
 * gateway of the org: a plan of N requests is reserved by one atomic script (check and increment)
 * and so serves exactly N however the requests are spread. The wrapped store stays authoritative:
 * it still counts each admitted request and records each request's usage, as without Redis (a
 * fleet gateway reports it to its coordinator). A month's counter missing from Redis (first use, a
 * Redis that lost its data) is seeded from the wrapped store's totals before it is used.
 *
 * <p>With {@code --redis-failure local}, while Redis does not answer, the wrapped store's own
 * counters decide (a fleet gateway's count only its own requests).
 */
public final class SharedCounters implements AdmissionStore {
  /** -1: the counter is missing (seed it); 0: the limit is reached; 1: counted. */
  private static final Script RESERVE = Script.of("""
      local n = redis.call('GET', KEYS[1])
      if not n then return -1 end
      if tonumber(ARGV[1]) >= 0 and tonumber(n) >= tonumber(ARGV[1]) then return 0 end
      redis.call('INCR', KEYS[1])
      return 1""");
  private static final Script ADD = Script.of("""
      if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
      redis.call('INCRBY', KEYS[1], ARGV[1])
      return 1""");
  /** A month's counters outlive the longest month. */
  private static final long COUNTER_SECONDS = 40L * 24 * 3600;

  private final AdmissionStore store;
  private final SharedState state;

  public SharedCounters(AdmissionStore store, SharedState state) {
    this.store = store;
    this.state = state;
  }

  @Override
  public Optional<KeyPrincipal> findActiveKey(String keyHash) {
    return store.findActiveKey(keyHash);
  }

  @Override
  public Optional<String> orgPolicy(String orgId) {
    return store.orgPolicy(orgId);
  }

  @Override
  public MonthlyTotals monthlyTotals(String orgId, String month) {
    return state.callOrLocal(redis -> {
      List<KeyValue<String, String>> values = redis.mget(Keys.monthRequests(orgId, month), Keys.monthCredits(orgId, month));
      if (values.stream().anyMatch(v -> !v.hasValue())) {
        return seed(redis, orgId, month);
      }
      return new MonthlyTotals(Long.parseLong(values.get(0).getValue()), Long.parseLong(values.get(1).getValue()));
    }, () -> store.monthlyTotals(orgId, month));
  }

  @Override
  public boolean reserveRequest(String orgId, String month, Long limit) {
    String key = Keys.monthRequests(orgId, month);
    String max = limit == null ? "-1" : Long.toString(limit);
    Long reserved = state.callOrLocal(redis -> {
      long r = SharedState.script(redis, RESERVE, new String[] {key}, max);
      if (r < 0) {
        seed(redis, orgId, month);
        r = SharedState.script(redis, RESERVE, new String[] {key}, max);
      }
      return r;
    }, () -> null);
    if (reserved == null) {
      return store.reserveRequest(orgId, month, limit);
    }
    if (reserved == 0) {
      return false;
    }
    try {
      // Counted in the store too (no limit: Redis decided), which stays the record.
      store.reserveRequest(orgId, month, null);
    } catch (StoreException e) {
      state.callOrLocal(redis -> redis.decr(key), () -> null);
      throw e;
    }
    return true;
  }

  @Override
  public void recordUsage(UsageRecord usage, Instant now) {
    store.recordUsage(usage, now);
    if (usage.creditsMicros() == 0) {
      return;
    }
    String key = Keys.monthCredits(usage.orgId(), usage.month());
    try {
      state.call(redis -> {
        if (SharedState.script(redis, ADD, new String[] {key}, Long.toString(usage.creditsMicros())) < 0) {
          // Seeded from the store, which holds this usage already.
          seed(redis, usage.orgId(), usage.month());
        }
        return null;
      });
    } catch (StoreException e) {
      // Recorded in the store already; the shared counter misses it until Redis is back (logged by SharedState).
    }
  }

  /** Readiness: the store answers, and Redis does (or {@code local} stands in for it). */
  @Override
  public void ping() {
    store.ping();
    state.callOrLocal(RedisCommands::ping, () -> "local");
  }

  /** Sets the month's missing counters to the store's totals (never over a counter another gateway set). */
  private MonthlyTotals seed(RedisCommands<String, String> redis, String orgId, String month) {
    MonthlyTotals totals = store.monthlyTotals(orgId, month);
    SetArgs once = SetArgs.Builder.nx().ex(COUNTER_SECONDS);
    redis.set(Keys.monthRequests(orgId, month), Long.toString(totals.requests()), once);
    redis.set(Keys.monthCredits(orgId, month), Long.toString(totals.creditsMicros()), once);
    return totals;
  }
}
