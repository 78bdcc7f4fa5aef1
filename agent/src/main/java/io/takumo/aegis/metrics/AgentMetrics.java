package io.takumo.aegis.metrics;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The agent's counters. Recording is a handful of {@link LongAdder} increments (no lock, no
 * allocation once a rule id has been seen); reading sums them, for JMX.
 */
public final class AgentMetrics implements AgentMetricsMXBean {

  private final String mode;
  private final LongAdder requestsSeen = new LongAdder();
  private final LongAdder requestsWithSecrets = new LongAdder();
  private final LongAdder requestsRewritten = new LongAdder();
  private final LongAdder secretsTokenized = new LongAdder();
  private final LongAdder tokensNotRestored = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> secretsByRule = new ConcurrentHashMap<>();
  private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
  private final LatencyHistogram addedLatency = new LatencyHistogram();
  /** Client classes the agent could not weave, by class name, to the client's name. */
  private final ConcurrentHashMap<String, String> notWoven = new ConcurrentHashMap<>();
  private final AtomicBoolean firstRequestSeen = new AtomicBoolean();
  // No lambdas here: this is built in premain, where the first lambda's bootstrap costs milliseconds.
  private volatile Runnable onFirstRequest;
  private volatile LongSupplier tokensRestored;
  private volatile VaultFigures vault;
  private volatile LongSupplier rateLimitRemaining;

  /** @param mode the agent's mode as users write it, e.g. {@code observe} */
  public AgentMetrics(String mode) {
    this.mode = mode;
    for (FailureKind kind : FailureKind.values()) {
      failures.put(kind, new LongAdder());
    }
  }

  /**
   * Runs {@code action} once, on a daemon thread of its own started by the first provider request
   * the agent sees (which does not wait for it).
   */
  public void onFirstRequest(Runnable action) {
    onFirstRequest = action;
  }

  /** Where {@link #getTokensRestored()} reads from (the vault counts what it reveals). */
  public void tokensRestoredFrom(LongSupplier supplier) {
    tokensRestored = supplier;
  }

  /** Where the {@code Vault*} attributes read from. */
  public void vaultFrom(VaultFigures figures) {
    vault = figures;
  }

  /** Where {@link #getRateLimitRemaining()} reads from (the gateway client keeps the last value). */
  public void rateLimitRemainingFrom(LongSupplier supplier) {
    rateLimitRemaining = supplier;
  }

  public void requestSeen() {
    requestsSeen.increment();
    if (!firstRequestSeen.get() && firstRequestSeen.compareAndSet(false, true)) {
      Runnable action = onFirstRequest;
      if (action != null) {
        Thread thread = new Thread(action, "takumo-aegis-first-request");
        thread.setDaemon(true);
        thread.start();
      }
    }
  }

  /**
   * A provider request the agent scanned.
   *
   * @param countsByRule secrets found, by rule id
   * @param rewritten whether its body was sent rewritten
   * @param nanos the time the agent added to it
   */
  public void requestScanned(Map<String, Integer> countsByRule, boolean rewritten, long nanos) {
    addedLatency.record(nanos);
    if (countsByRule.isEmpty()) {
      return;
    }
    requestsWithSecrets.increment();
    if (rewritten) {
      requestsRewritten.increment();
    }
    for (Map.Entry<String, Integer> e : countsByRule.entrySet()) {
      secretsTokenized.add(e.getValue());
      adderFor(e.getKey()).add(e.getValue());
    }
  }

  private LongAdder adderFor(String ruleId) {
    LongAdder adder = secretsByRule.get(ruleId);
    if (adder == null) {
      LongAdder fresh = new LongAdder();
      adder = secretsByRule.putIfAbsent(ruleId, fresh);
      if (adder == null) {
        adder = fresh;
      }
    }
    return adder;
  }

  /** A token the vault issued that a response held out of its exchange's restore scope. */
  public void tokenNotRestored() {
    tokensNotRestored.increment();
  }

  public void failure(FailureKind kind) {
    failures.get(kind).increment();
  }

  /** A client class the agent could not weave: its requests are not protected by its hooks. */
  public void notWoven(String className, String client) {
    notWoven.put(className, client);
  }

  /** A client class woven (again, after a failure, when another agent retransformed it). */
  public void woven(String className) {
    notWoven.remove(className);
  }

  @Override
  public Map<String, String> getClientClassesNotWoven() {
    return Collections.unmodifiableMap(new TreeMap<>(notWoven));
  }

  @Override
  public String getMode() {
    return mode;
  }

  @Override
  public long getRequestsSeen() {
    return requestsSeen.sum();
  }

  @Override
  public long getRequestsWithSecrets() {
    return requestsWithSecrets.sum();
  }

  @Override
  public long getRequestsRewritten() {
    return requestsRewritten.sum();
  }

  @Override
  public long getSecretsTokenized() {
    return secretsTokenized.sum();
  }

  @Override
  public Map<String, Long> getSecretsTokenizedByRule() {
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<String, LongAdder> e : secretsByRule.entrySet()) {
      out.put(e.getKey(), e.getValue().sum());
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public long getTokensRestored() {
    LongSupplier supplier = tokensRestored;
    return supplier == null ? 0 : supplier.getAsLong();
  }

  @Override
  public long getTokensNotRestored() {
    return tokensNotRestored.sum();
  }

  @Override
  public long getVaultTokens() {
    VaultFigures figures = vault;
    return figures == null ? 0 : figures.tokens();
  }

  @Override
  public long getVaultBytes() {
    VaultFigures figures = vault;
    return figures == null ? 0 : figures.bytes();
  }

  @Override
  public long getVaultEvictions() {
    VaultFigures figures = vault;
    return figures == null ? 0 : figures.evictions();
  }

  @Override
  public Map<String, Long> getFailuresByKind() {
    Map<String, Long> out = new TreeMap<>();
    for (Map.Entry<FailureKind, LongAdder> e : failures.entrySet()) {
      out.put(e.getKey().id(), e.getValue().sum());
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public long getRequestsBlocked() {
    return failures.get(FailureKind.BLOCKED).sum();
  }

  @Override
  public long getRequestsSentUnprotected() {
    return failures.get(FailureKind.SENT_UNPROTECTED).sum();
  }

  @Override
  public long getRestoreFailures() {
    return failures.get(FailureKind.RESTORE_FAILED).sum()
        + failures.get(FailureKind.RESPONSE_NOT_RESTORED).sum()
        + failures.get(FailureKind.RESPONSE_TOO_LARGE).sum();
  }

  @Override
  public long getRateLimitRemaining() {
    LongSupplier supplier = rateLimitRemaining;
    return supplier == null ? -1 : supplier.getAsLong();
  }

  @Override
  public long getAddedLatencyCount() {
    return addedLatency.count();
  }

  @Override
  public long getAddedLatencyTotalMicros() {
    return addedLatency.totalMicros();
  }

  @Override
  public long getAddedLatencyMaxMicros() {
    return addedLatency.maxMicros();
  }

  @Override
  public long getAddedLatencyP50Micros() {
    return addedLatency.percentileMicros(0.50);
  }

  @Override
  public long getAddedLatencyP99Micros() {
    return addedLatency.percentileMicros(0.99);
  }
}
