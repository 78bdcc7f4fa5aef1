package io.takumo.aegis.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NonceWindowTest {
  private static final long NOW = 1_767_225_600L;

  @Test
  void aNonceIsRefusedAgainWhileItsTimestampIsInTheWindowAndForgottenAfter() {
    NonceWindow window = new NonceWindow(10);
    assertEquals(SessionStore.Nonce.ACCEPTED, window.accept("AAAAAAAAAAAAAAAA", NOW, NOW));
    assertEquals(SessionStore.Nonce.REPLAYED, window.accept("AAAAAAAAAAAAAAAA", NOW, NOW + 1));
    assertEquals(SessionStore.Nonce.REPLAYED, window.accept("AAAAAAAAAAAAAAAA", NOW, NOW + 300), "the window's last second");
    assertEquals(SessionStore.Nonce.ACCEPTED, window.accept("BBBBBBBBBBBBBBBB", NOW, NOW + 300));
    // At NOW + 301 a request with timestamp NOW fails the timestamp check: the nonce need not be held.
    assertEquals(SessionStore.Nonce.ACCEPTED, window.accept("CCCCCCCCCCCCCCCC", NOW + 301, NOW + 301));
    assertEquals(1, window.size(), "both nonces of timestamp NOW are forgotten");
  }

  @Test
  void aTimestampAheadOfTheClockKeepsItsNonceUntilThatTimestampLeavesTheWindow() {
    NonceWindow window = new NonceWindow(10);
    assertEquals(SessionStore.Nonce.ACCEPTED, window.accept("AAAAAAAAAAAAAAAA", NOW + 300, NOW));
    assertEquals(SessionStore.Nonce.REPLAYED, window.accept("AAAAAAAAAAAAAAAA", NOW + 300, NOW + 600));
    window.accept("BBBBBBBBBBBBBBBB", NOW + 601, NOW + 601);
    assertEquals(1, window.size());
  }

  @Test
  void memoryIsBoundedAFullWindowRefusesNewNoncesUntilOldOnesAgeOut() {
    NonceWindow window = new NonceWindow(3);
    for (String nonce : new String[] {"A", "B", "C"}) {
      assertEquals(SessionStore.Nonce.ACCEPTED, window.accept(nonce, NOW, NOW));
    }
    assertEquals(SessionStore.Nonce.FULL, window.accept("D", NOW, NOW));
    assertEquals(SessionStore.Nonce.REPLAYED, window.accept("A", NOW, NOW));
    assertEquals(SessionStore.Nonce.ACCEPTED, window.accept("D", NOW + 301, NOW + 301));
    assertEquals(1, window.size());
  }
}
