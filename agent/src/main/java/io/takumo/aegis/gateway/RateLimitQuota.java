package io.takumo.aegis.gateway;

/**
 * The rate-limit quota the gateway last reported ({@code X-RateLimit-Remaining}, and
 * {@code X-RateLimit-Limit} when sent), for metrics to expose. It is "low" at or under a tenth of
 * the limit, or at or under {@value #LOW_WITHOUT_LIMIT} when the limit is unknown.
 */
public final class RateLimitQuota implements java.util.function.LongSupplier {

  static final long LOW_WITHOUT_LIMIT = 10;

  private volatile long remaining = -1;
  private volatile long limit = -1;
  private boolean low;

  /** The last {@code X-RateLimit-Remaining}, or -1 if none was seen yet. */
  public long remaining() {
    return remaining;
  }

  /** As {@link #remaining()}: what the metrics read. */
  @Override
  public long getAsLong() {
    return remaining;
  }

  /** The last {@code X-RateLimit-Limit}, or -1 if none was seen. */
  public long limit() {
    return limit;
  }

  /**
   * Records one response's headers (either may be null or not a number: then ignored). Returns
   * true when the quota has just become low, so the caller warns once per drop, not per request.
   */
  synchronized boolean record(String remainingHeader, String limitHeader) {
    long r = parse(remainingHeader);
    if (r < 0) {
      return false;
    }
    long l = parse(limitHeader);
    remaining = r;
    if (l >= 0) {
      limit = l;
    }
    boolean nowLow = limit > 0 ? r * 10 <= limit : r <= LOW_WITHOUT_LIMIT;
    boolean dropped = nowLow && !low;
    low = nowLow;
    return dropped;
  }

  private static long parse(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
