package io.takumo.aegis.server.admission;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The rate limiter of a single gateway: one window counter per org, in memory. */
public final class LocalRateLimiter implements RateLimiter {
  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  @Override
  public Result tryAcquire(String orgId, int limitPerMinute, long nowMillis) {
    long start = RateLimiter.windowStart(nowMillis);
    long resetSeconds = RateLimiter.resetSeconds(nowMillis);
    Result[] result = new Result[1];
    // compute() runs atomically per org: the check, the count and the result are one step.
    windows.compute(orgId, (id, current) -> {
      Window window = current == null || current.start != start ? new Window(start) : current;
      boolean allowed = window.count < limitPerMinute;
      if (allowed) {
        window.count++;
      }
      result[0] = new Result(allowed, limitPerMinute, Math.max(0, limitPerMinute - window.count), resetSeconds);
      return window;
    });
    return result[0];
  }

  private static final class Window {
    final long start;
    int count;

    Window(long start) {
      this.start = start;
    }
  }
}
