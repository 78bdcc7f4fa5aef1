package io.takumo.aegis.server.session;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sessions this gateway process holds, in memory (a restart ends them: agents get
 * {@code session_unknown} and handshake again). Bounded: at most {@code maxSessions} in all (a
 * handshake beyond that, once ended sessions are gone, is refused) and {@code maxPerKey} per API
 * key (the key's oldest session makes room for its newest, so one key cannot crowd out others).
 * An ended session is remembered for {@link #EXPIRED_GRACE_MILLIS} to answer
 * {@code session_expired} rather than {@code session_unknown}.
 */
public final class SessionRegistry implements SessionStore {
  static final long EXPIRED_GRACE_MILLIS = 3_600_000;

  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  /** Under {@code this}: each key's sessions, oldest first. */
  private final Map<String, ArrayDeque<Session>> byKey = new HashMap<>();
  private final int maxSessions;
  private final int maxPerKey;
  private final int noncesPerSession;
  private final long lifetimeSeconds;
  private final Clock clock;
  private final SecureRandom random;

  public SessionRegistry(int maxSessions, int maxPerKey, int noncesPerSession, long lifetimeSeconds, Clock clock,
      SecureRandom random) {
    this.maxSessions = maxSessions;
    this.maxPerKey = maxPerKey;
    this.noncesPerSession = noncesPerSession;
    this.lifetimeSeconds = lifetimeSeconds;
    this.clock = clock;
    this.random = random;
  }

  @Override
  public long lifetimeSeconds() {
    return lifetimeSeconds;
  }

  @Override
  public String newId() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return "sess_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /**
   * Holds a new session, or empty when the registry is full of live sessions.
   *
   * @param id from {@link #newId}
   */
  @Override
  public synchronized Optional<Session> open(String id, String keyHash, byte[] macKey) {
    long now = clock.millis();
    if (sessions.size() >= maxSessions) {
      forgetEnded(now);
    }
    ArrayDeque<Session> ofKey = byKey.computeIfAbsent(keyHash, k -> new ArrayDeque<>());
    if (ofKey.size() >= maxPerKey) {
      sessions.remove(ofKey.pollFirst().id());
    } else if (sessions.size() >= maxSessions) {
      return Optional.empty();
    }
    Session session = new Session(id, keyHash, macKey, now + lifetimeSeconds * 1000, noncesPerSession);
    sessions.put(id, session);
    ofKey.addLast(session);
    return Optional.of(session);
  }

  @Override
  public Lookup find(String id) {
    Session session = id == null ? null : sessions.get(id);
    if (session == null) {
      return new Unknown();
    }
    return clock.millis() >= session.expiresAtMillis() ? new Expired() : new Found(session);
  }

  @Override
  public Nonce acceptNonce(Session session, String nonce, long timestamp, long nowSeconds) {
    return session.nonces().accept(nonce, timestamp, nowSeconds);
  }

  @Override
  public boolean blocking() {
    return false;
  }

  @Override
  public synchronized void dropKey(String keyHash) {
    ArrayDeque<Session> ofKey = byKey.remove(keyHash);
    if (ofKey != null) {
      ofKey.forEach(s -> sessions.remove(s.id()));
    }
  }

  /** Whether this registry holds that very session (a shared store's fallback asks). */
  public boolean holds(Session session) {
    return sessions.get(session.id()) == session;
  }

  /** The sessions held in this process's memory. */
  public int size() {
    return sessions.size();
  }

  /** Drops sessions that ended over the grace period ago, and if still full, every ended one. */
  private void forgetEnded(long now) {
    forget(s -> now >= s.expiresAtMillis() + EXPIRED_GRACE_MILLIS);
    if (sessions.size() >= maxSessions) {
      forget(s -> now >= s.expiresAtMillis());
    }
  }

  private void forget(java.util.function.Predicate<Session> ended) {
    for (Iterator<ArrayDeque<Session>> keys = byKey.values().iterator(); keys.hasNext(); ) {
      ArrayDeque<Session> ofKey = keys.next();
      ofKey.removeIf(s -> {
        if (ended.test(s)) {
          sessions.remove(s.id());
          return true;
        }
        return false;
      });
      if (ofKey.isEmpty()) {
        keys.remove();
      }
    }
  }
}
