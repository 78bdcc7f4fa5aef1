package io.takumo.aegis.server.admission;

/**
 * Per-org request rate limits in fixed one-minute windows (aligned to the clock's minutes). A
 * fixed window is what a shared counter store does in one atomic step (Redis {@code INCR} with an
 * expiry), so the multi-replica mode can swap in such an implementation and keep the semantics:
 * at most the limit per window.
 */
public interface RateLimiter {
  long WINDOW_MILLIS = 60_000;

  /** The start of the window {@code nowMillis} falls in. */
  static long windowStart(long nowMillis) {
    return nowMillis - Math.floorMod(nowMillis, WINDOW_MILLIS);
  }

  /** Seconds until that window ends, at least 1. */
  static long resetSeconds(long nowMillis) {
    return Math.max(1, (windowStart(nowMillis) + WINDOW_MILLIS - nowMillis + 999) / 1000);
  }

  /** Takes one request from the org's current window if any is left. */
  Result tryAcquire(String orgId, int limitPerMinute, long nowMillis);

  /**
   * @param remaining what is left in the window after this request
   * @param resetSeconds seconds until the window ends (at least 1)
   */
  record Result(boolean allowed, int limit, int remaining, long resetSeconds) {
  }
}
