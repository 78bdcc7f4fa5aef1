package io.takumo.aegis.server.shared;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.api.sync.RedisCommands;
import io.takumo.aegis.server.store.StoreException;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The Redis link without a Redis: bad URLs and settings refused without echoing them, and a Redis that is not there. */
class SharedStateTest {

  @Test
  void aBadUrlIsRefusedWithoutEchoingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SharedState.open("http://:hunter2secret@cache:6379", SharedState.OnFailure.CLOSED));
    assertFalse(e.getMessage().contains("hunter2secret"), e.getMessage());
    assertEquals("--redis-failure must be closed or local",
        assertThrows(IllegalArgumentException.class, () -> SharedState.OnFailure.parse("open")).getMessage());
    assertEquals(SharedState.OnFailure.LOCAL, SharedState.OnFailure.parse(" Local "));
  }

  @Test
  void aRedisThatIsNotThereFailsClosedOrFallsBackAsSet() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (SharedState closed = SharedState.open("redis://127.0.0.1:" + port, SharedState.OnFailure.CLOSED)) {
      assertThrows(StoreException.class, () -> closed.callOrLocal(RedisCommands::ping, () -> "local"));
      assertEquals("unavailable", closed.readiness());
    }
    try (SharedState local = SharedState.open("redis://:hunter2secret@127.0.0.1:" + port, SharedState.OnFailure.LOCAL)) {
      long t0 = System.nanoTime();
      for (int i = 0; i < 100; i++) {
        assertEquals("local", local.callOrLocal(RedisCommands::ping, () -> "local"));
      }
      // Redis is tried at most once a second: the fallback costs nothing meanwhile.
      assertTrue(System.nanoTime() - t0 < 1_000_000_000L);
      assertEquals("local", local.readiness());
      assertFalse(local.up());
    }
  }
}
