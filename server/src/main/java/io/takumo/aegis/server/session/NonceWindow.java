package io.takumo.aegis.server.session;

import io.takumo.aegis.protocol.RequestCheck;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * The nonces one session used in the replay window (docs/gateway-protocol.md: "the nonce was not
 * seen in that window for the session"). A request's timestamp is accepted within
 * ±{@link RequestCheck#MAX_SKEW_SECONDS} s of the clock, so its nonce is remembered until its
 * timestamp falls out of that window; after that the timestamp alone refuses a replay. At most
 * {@code capacity} nonces are held: a session that sends more within the window is refused until
 * old ones age out, so memory stays bounded whatever a client sends.
 */
final class NonceWindow {
  private record Seen(String nonce, long forgetAfter) {
  }

  private final int capacity;
  private final Set<String> nonces = new HashSet<>();
  /** In arrival order. Timestamps are not monotonic, so an entry may outstay its time behind a later one: never the reverse. */
  private final ArrayDeque<Seen> order = new ArrayDeque<>();

  NonceWindow(int capacity) {
    this.capacity = capacity;
  }

  /** Records the nonce of a request whose timestamp (already checked) is {@code timestamp}. */
  synchronized SessionStore.Nonce accept(String nonce, long timestamp, long nowSeconds) {
    while (!order.isEmpty() && order.peekFirst().forgetAfter() < nowSeconds) {
      nonces.remove(order.pollFirst().nonce());
    }
    if (nonces.contains(nonce)) {
      return SessionStore.Nonce.REPLAYED;
    }
    if (nonces.size() >= capacity) {
      return SessionStore.Nonce.FULL;
    }
    nonces.add(nonce);
    order.addLast(new Seen(nonce, timestamp + RequestCheck.MAX_SKEW_SECONDS));
    return SessionStore.Nonce.ACCEPTED;
  }

  synchronized int size() {
    return nonces.size();
  }
}
