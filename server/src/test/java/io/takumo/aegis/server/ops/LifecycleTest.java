package io.takumo.aegis.server.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {
  @Test
  void beyondTheLimitRequestsAreRefusedUntilOneFinishes() {
    Lifecycle lifecycle = new Lifecycle(2);
    assertEquals(Lifecycle.Admit.OK, lifecycle.tryStart());
    assertEquals(Lifecycle.Admit.OK, lifecycle.tryStart());
    assertEquals(Lifecycle.Admit.OVERLOADED, lifecycle.tryStart());
    lifecycle.finished();
    assertEquals(Lifecycle.Admit.OK, lifecycle.tryStart());
    assertEquals(2, lifecycle.inFlight());
  }

  @Test
  void aDrainRefusesNewRequestsAndWaitsForThoseInFlight() throws Exception {
    Lifecycle lifecycle = new Lifecycle(10);
    lifecycle.tryStart();
    CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> {
      try {
        return lifecycle.drain(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    while (!lifecycle.draining()) {
      Thread.sleep(5);
    }
    assertEquals(Lifecycle.Admit.DRAINING, lifecycle.tryStart());
    Thread.sleep(100);
    assertFalse(drained.isDone(), "the request in flight holds the drain");
    lifecycle.finished();
    assertTrue(drained.get(5, TimeUnit.SECONDS));
    assertEquals(0, lifecycle.inFlight());
  }

  @Test
  void aDrainGivesUpAtItsTimeout() throws Exception {
    Lifecycle lifecycle = new Lifecycle(10);
    lifecycle.tryStart();
    assertFalse(lifecycle.drain(50, TimeUnit.MILLISECONDS));
  }
}
