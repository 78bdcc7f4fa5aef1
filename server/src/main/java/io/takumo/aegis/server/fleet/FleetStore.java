package io.takumo.aegis.server.fleet;

import io.takumo.aegis.server.fleet.v1.Config;
import io.takumo.aegis.server.fleet.v1.KeyConfig;
import io.takumo.aegis.server.fleet.v1.OrgConfig;
import io.takumo.aegis.server.fleet.v1.PlanConfig;
import io.takumo.aegis.server.fleet.v1.UsageEntry;
import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.store.AdmissionStore;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.MonthlyTotals;
import io.takumo.aegis.server.store.Plan;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.store.UsageRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * A fleet gateway's store: keys and plans from the last config the coordinator pushed (and this
 * gateway acked), monthly counters kept here, usage queued for the coordinator. Once the
 * coordinator has been unreachable for longer than the offline grace, it answers nothing
 * (requests get 503 {@code unavailable}, {@code /readyz} fails) until the stream is back; once the
 * gateway is removed from the fleet, it answers nothing at all.
 */
public final class FleetStore implements AdmissionStore {
  static final int USAGE_QUEUE = 100_000;

  private record Snapshot(long version, Map<String, KeyPrincipal> keysByHash, Map<String, String> policiesByOrgId) {
  }

  private final Duration offlineGrace;
  private final Clock clock;
  private final BlockingQueue<UsageEntry> usage = new ArrayBlockingQueue<>(USAGE_QUEUE);
  private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> credits = new ConcurrentHashMap<>();
  private final AtomicLong usageDropped = new AtomicLong();
  private volatile Snapshot snapshot;
  /** When the stream to the coordinator was lost, or null while it is up. */
  private volatile Long offlineSinceMillis;
  private volatile boolean removed;

  public FleetStore(Duration offlineGrace, Clock clock) {
    this.offlineGrace = offlineGrace;
    this.clock = clock;
    this.offlineSinceMillis = clock.millis();
  }

  /** Replaces what admission reads with this config; the caller acks its version after. */
  public void apply(Config config) {
    Map<String, Plan> plans = new HashMap<>();
    for (PlanConfig p : config.getPlansList()) {
      plans.put(p.getId(), new Plan(p.getId(), p.getName(), p.hasRateLimitPerMinute() ? p.getRateLimitPerMinute() : null,
          p.hasRequestsPerMonth() ? p.getRequestsPerMonth() : null,
          p.hasCreditsPerMonthMicros() ? p.getCreditsPerMonthMicros() : null,
          Set.copyOf(new LinkedHashSet<>(p.getProvidersList()))));
    }
    Map<String, OrgConfig> orgs = config.getOrgsList().stream().collect(Collectors.toMap(OrgConfig::getId, o -> o));
    Map<String, KeyPrincipal> keys = new HashMap<>();
    for (KeyConfig k : config.getKeysList()) {
      OrgConfig org = orgs.get(k.getOrgId());
      Plan plan = org == null ? null : plans.get(org.getPlanId());
      if (plan == null) {
        continue;
      }
      keys.put(k.getKeyHash(), new KeyPrincipal(k.getId(), k.getPrefix(), Scope.parseList(String.join(",", k.getScopesList())),
          org.getId(), org.getName(), plan));
    }
    Map<String, String> policies = config.getOrgsList().stream().filter(OrgConfig::hasPolicyJson)
        .collect(Collectors.toMap(OrgConfig::getId, OrgConfig::getPolicyJson));
    snapshot = new Snapshot(config.getVersion(), Map.copyOf(keys), Map.copyOf(policies));
  }

  /** The version of the config applied last, or -1 before the first. */
  public long version() {
    Snapshot s = snapshot;
    return s == null ? -1 : s.version();
  }

  /** Whether the stream to the coordinator is up. */
  public boolean online() {
    return offlineSinceMillis == null;
  }

  void connected() {
    offlineSinceMillis = null;
  }

  void disconnected() {
    if (offlineSinceMillis == null) {
      offlineSinceMillis = clock.millis();
    }
  }

  /** Removed from the fleet by the coordinator: admits nothing from now on. */
  void removed() {
    removed = true;
  }

  /** Up to {@code max} usage entries to report, oldest first. */
  List<UsageEntry> drainUsage(int max) {
    List<UsageEntry> entries = new ArrayList<>();
    usage.drainTo(entries, max);
    return entries;
  }

  /** Entries that could not be reported (sent back when a stream failed); the queue keeps what fits. */
  void requeue(List<UsageEntry> entries) {
    entries.forEach(this::enqueue);
  }

  /** Usage entries dropped since the last call because the queue was full. */
  long takeDropped() {
    return usageDropped.getAndSet(0);
  }

  @Override
  public Optional<KeyPrincipal> findActiveKey(String keyHash) {
    return Optional.ofNullable(usable().keysByHash().get(keyHash));
  }

  /** The org's policy from the pushed config. */
  @Override
  public Optional<String> orgPolicy(String orgId) {
    return Optional.ofNullable(usable().policiesByOrgId().get(orgId));
  }

  @Override
  public MonthlyTotals monthlyTotals(String orgId, String month) {
    usable();
    return new MonthlyTotals(counter(requests, orgId, month).get(), counter(credits, orgId, month).get());
  }

  /** Counted on this gateway (the coordinator counts the fleet's from the usage reports). */
  @Override
  public boolean reserveRequest(String orgId, String month, Long limit) {
    AtomicLong count = counter(requests, orgId, month);
    if (limit == null) {
      count.incrementAndGet();
      return true;
    }
    long now;
    do {
      now = count.get();
      if (now >= limit) {
        return false;
      }
    } while (!count.compareAndSet(now, now + 1));
    return true;
  }

  @Override
  public void recordUsage(UsageRecord u, Instant now) {
    counter(credits, u.orgId(), u.month()).addAndGet(u.creditsMicros());
    enqueue(UsageEntry.newBuilder().setKeyId(u.keyId()).setOrgId(u.orgId()).setProvider(u.provider()).setMonth(u.month())
        .setInputTokens(u.inputTokens()).setOutputTokens(u.outputTokens()).setCreditsMicros(u.creditsMicros()).build());
  }

  @Override
  public void ping() {
    usable();
  }

  private void enqueue(UsageEntry entry) {
    if (!usage.offer(entry)) {
      usageDropped.incrementAndGet();
    }
  }

  private Snapshot usable() {
    Snapshot s = snapshot;
    if (removed) {
      throw new StoreException("this gateway was removed from the fleet");
    }
    if (s == null) {
      throw new StoreException("no config from the coordinator yet");
    }
    Long since = offlineSinceMillis;
    if (since != null && clock.millis() - since > offlineGrace.toMillis()) {
      throw new StoreException("coordinator unreachable for longer than the offline grace ("
          + offlineGrace.toSeconds() + " s)");
    }
    return s;
  }

  private static AtomicLong counter(Map<String, AtomicLong> counters, String orgId, String month) {
    return counters.computeIfAbsent(orgId + "/" + month, k -> new AtomicLong());
  }
}
