package io.takumo.aegis.server.shared;

import io.takumo.aegis.server.admission.RateLimiter;

/**
 * The org's rate-limit window counted in Redis, so that all gateways together admit at most the
 * limit per window: one {@code INCR} of the window's counter (which expires after the window), the
 * request allowed while the count is within the limit. Over-limit requests are counted too, which
 * changes nothing: the window refuses the rest of them either way.
 */
public final class SharedRateLimiter implements RateLimiter {
  private static final Script COUNT = Script.of("""
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return n""");
  /** The counter outlives its window by a little, for gateways whose clocks lag. */
  private static final String EXPIRE_MILLIS = Long.toString(WINDOW_MILLIS + 10_000);

  private final SharedState state;
  private final RateLimiter local;

  /** @param local what counts while Redis does not answer, with {@code --redis-failure local} */
  public SharedRateLimiter(SharedState state, RateLimiter local) {
    this.state = state;
    this.local = local;
  }

  @Override
  public Result tryAcquire(String orgId, int limitPerMinute, long nowMillis) {
    String key = Keys.rateWindow(orgId, RateLimiter.windowStart(nowMillis));
    Long count = state.callOrLocal(redis -> SharedState.script(redis, COUNT, new String[] {key}, EXPIRE_MILLIS), () -> null);
    if (count == null) {
      return local.tryAcquire(orgId, limitPerMinute, nowMillis);
    }
    return new Result(count <= limitPerMinute, limitPerMinute, (int) Math.max(0, limitPerMinute - count),
        RateLimiter.resetSeconds(nowMillis));
  }
}
