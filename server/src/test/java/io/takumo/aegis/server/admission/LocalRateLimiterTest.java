package io.takumo.aegis.server.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LocalRateLimiterTest {
  private static final long MINUTE = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a minute's start

  @Test
  void eachOrgHasItsOwnWindowWhichEndsWithTheClocksMinute() {
    LocalRateLimiter limiter = new LocalRateLimiter();
    assertEquals(new RateLimiter.Result(true, 2, 1, 60), limiter.tryAcquire("a", 2, MINUTE));
    assertEquals(new RateLimiter.Result(true, 2, 0, 30), limiter.tryAcquire("a", 2, MINUTE + 30_000));
    assertEquals(new RateLimiter.Result(false, 2, 0, 1), limiter.tryAcquire("a", 2, MINUTE + 59_500));
    assertTrue(limiter.tryAcquire("b", 2, MINUTE + 59_500).allowed(), "another org");
    assertEquals(new RateLimiter.Result(true, 2, 1, 60), limiter.tryAcquire("a", 2, MINUTE + 60_000), "the next minute");
  }

  @Test
  void concurrentRequestsNeverPassTheLimit() throws Exception {
    LocalRateLimiter limiter = new LocalRateLimiter();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        calls.add(() -> limiter.tryAcquire("a", 100, MINUTE + 1).allowed());
      }
      int allowed = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        allowed += f.get() ? 1 : 0;
      }
      assertEquals(100, allowed);
      assertFalse(limiter.tryAcquire("a", 100, MINUTE + 2).allowed());
    } finally {
      pool.shutdownNow();
    }
  }
}
