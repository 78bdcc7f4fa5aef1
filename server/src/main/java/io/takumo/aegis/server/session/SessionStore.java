package io.takumo.aegis.server.session;

import java.util.Optional;

/**
 * Where a gateway holds agents' sessions and their nonces: this process's memory
 * ({@link SessionRegistry}), or a store the gateways behind one load balancer share (package
 * {@code shared}), so that a session opened on one gateway is honoured by the next and a nonce
 * used on one is refused by all.
 *
 * <p>A shared store may block on the network: callers run it off the event loop when
 * {@link #blocking} says so. It throws {@link io.takumo.aegis.server.store.StoreException} when it
 * cannot answer.
 */
public interface SessionStore {

  /** What a routed request's session id finds. */
  sealed interface Lookup {
  }

  record Found(Session session) implements Lookup {
  }

  record Expired() implements Lookup {
  }

  record Unknown() implements Lookup {
  }

  /** A nonce's fate: first use, a replay, or the session's window holds as many as it may. */
  enum Nonce { ACCEPTED, REPLAYED, FULL }

  /** The {@code expires_in} of every new session. */
  long lifetimeSeconds();

  /** A new session id: {@code sess_} and 144 random bits, base64url. */
  String newId();

  /** Holds a new session, or empty when no more can be held now. */
  Optional<Session> open(String id, String keyHash, byte[] macKey);

  Lookup find(String id);

  /** Records the nonce of a request of the session whose timestamp (already checked) is {@code timestamp}. */
  Nonce acceptNonce(Session session, String nonce, long timestamp, long nowSeconds);

  /** Ends every session of a key (it was found revoked). */
  void dropKey(String keyHash);

  /** Whether calls may block on the network (run them on a worker). */
  boolean blocking();
}
