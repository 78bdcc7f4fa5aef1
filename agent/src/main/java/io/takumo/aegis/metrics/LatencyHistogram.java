package io.takumo.aegis.metrics;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongBinaryOperator;

/**
 * Durations in microseconds: count, total, maximum and log-linear buckets (four per power of two,
 * so a percentile is within 25% of the truth) from which p50 and p99 are read. Recording is a few
 * uncontended adds; nothing is allocated.
 */
final class LatencyHistogram {

  /** Values below this get a bucket each. */
  private static final int EXACT = 8;
  /** Durations are capped at 2^40 µs (12 days): nothing longer is worth a bucket. */
  private static final int MAX_POWER = 40;
  private static final int BUCKETS = EXACT + (MAX_POWER - 3) * 4;

  private final LongAdder count = new LongAdder();
  private final LongAdder totalMicros = new LongAdder();
  private final LongAccumulator maxMicros = new LongAccumulator(new Max(), 0);
  private final LongAdder[] buckets = new LongAdder[BUCKETS];

  /** A named class, not {@code Math::max}: the agent's first lambda costs milliseconds to bootstrap. */
  private static final class Max implements LongBinaryOperator {
    @Override
    public long applyAsLong(long left, long right) {
      return Math.max(left, right);
    }
  }

  LatencyHistogram() {
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void record(long nanos) {
    long micros = Math.max(0, nanos / 1000);
    count.increment();
    totalMicros.add(micros);
    maxMicros.accumulate(micros);
    buckets[index(micros)].increment();
  }

  long count() {
    return count.sum();
  }

  long totalMicros() {
    return totalMicros.sum();
  }

  long maxMicros() {
    return maxMicros.get();
  }

  /**
   * The upper bound of the bucket holding the {@code quantile} (0 to 1) of the recorded values,
   * never above the maximum seen; 0 when nothing was recorded.
   */
  long percentileMicros(double quantile) {
    long[] snapshot = new long[BUCKETS];
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      snapshot[i] = buckets[i].sum();
      n += snapshot[i];
    }
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(quantile * n));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += snapshot[i];
      if (seen >= rank) {
        return Math.min(upperBound(i), maxMicros());
      }
    }
    return maxMicros();
  }

  static int index(long micros) {
    if (micros < EXACT) {
      return (int) micros;
    }
    long capped = Math.min(micros, (1L << MAX_POWER) - 1);
    int power = 63 - Long.numberOfLeadingZeros(capped);
    int quarter = (int) ((capped >>> (power - 2)) & 3);
    return EXACT + (power - 3) * 4 + quarter;
  }

  static long upperBound(int index) {
    if (index < EXACT) {
      return index;
    }
    int power = (index - EXACT) / 4 + 3;
    int quarter = (index - EXACT) % 4;
    long width = 1L << (power - 2);
    return (4L + quarter) * width + width - 1;
  }
}
