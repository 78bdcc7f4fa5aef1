package io.takumo.aegis.server.ops;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests in flight and the drain: once draining, new provider requests get 503 and readiness
 * fails, while those in flight (streams included) run to their end.
 */
public final class Lifecycle {
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxInFlight;
  private volatile boolean draining;

  public Lifecycle(int maxInFlight) {
    this.maxInFlight = maxInFlight;
  }

  public enum Admit { OK, DRAINING, OVERLOADED }

  /** Counts a new request in, unless draining or at the concurrency limit; pair with {@link #finished}. */
  public Admit tryStart() {
    // Counted before the flag is read: a drain that saw no request in flight sees this one back out.
    int now = inFlight.incrementAndGet();
    if (draining) {
      finished();
      return Admit.DRAINING;
    }
    if (now > maxInFlight) {
      finished();
      return Admit.OVERLOADED;
    }
    return Admit.OK;
  }

  public void finished() {
    int left = inFlight.decrementAndGet();
    if (left == 0 && draining) {
      synchronized (this) {
        notifyAll();
      }
    }
  }

  public int inFlight() {
    return inFlight.get();
  }

  public boolean draining() {
    return draining;
  }

  /** Stops taking requests and waits until none is in flight or the timeout passes; true if none is left. */
  public boolean drain(long timeout, TimeUnit unit) throws InterruptedException {
    draining = true;
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    synchronized (this) {
      while (inFlight.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
    }
    return true;
  }
}
