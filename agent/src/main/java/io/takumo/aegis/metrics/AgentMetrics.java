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
  private final ConcurrentHashMap<String, LongAdder> secretsByRule = new ConcurrentHashMap<>();
  private final Map<FailureKind, LongAdder> failures = new EnumMap<>(FailureKind.class);
  private final LatencyHistogram addedLatency = new LatencyHistogram();
  private final AtomicBoolean firstRequestSeen = new AtomicBoolean();
  private volatile Runnable onFirstRequest = () -> {};
  private volatile LongSupplier tokensRestored = () -> 0;
  private volatile LongSupplier rateLimitRemaining = () -> -1;

  /** @param mode the agent's mode as users write it, e.g. {@code observe} */
  public AgentMetrics(String mode) {
    this.mode = mode;
    for (FailureKind kind : FailureKind.values()) {
      failures.put(kind, new LongAdder());
    }
  }

  /** Runs {@code action} once, on the thread of the first provider request the agent sees. */
  public void onFirstRequest(Runnable action) {
    onFirstRequest = action;
  }

  /** Where {@link #getTokensRestored()} reads from (the vault counts what it reveals). */
  public void tokensRestoredFrom(LongSupplier supplier) {
    tokensRestored = supplier;
  }

  /** Where {@link #getRateLimitRemaining()} reads from (the gateway client keeps the last value). */
  public void rateLimitRemainingFrom(LongSupplier supplier) {
    rateLimitRemaining = supplier;
  }

  public void requestSeen() {
    requestsSeen.increment();
    if (!firstRequestSeen.get() && firstRequestSeen.compareAndSet(false, true)) {
      onFirstRequest.run();
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
      secretsByRule.computeIfAbsent(e.getKey(), k -> new LongAdder()).add(e.getValue());
    }
  }

  public void failure(FailureKind kind) {
    failures.get(kind).increment();
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
    return tokensRestored.getAsLong();
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
    return failures.get(FailureKind.RESTORE_FAILED).sum() + failures.get(FailureKind.RESPONSE_NOT_RESTORED).sum();
  }

  @Override
  public long getRateLimitRemaining() {
    return rateLimitRemaining.getAsLong();
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
