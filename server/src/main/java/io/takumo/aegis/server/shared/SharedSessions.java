package io.takumo.aegis.server.shared;

import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.takumo.aegis.protocol.RequestCheck;
import io.takumo.aegis.server.session.Session;
import io.takumo.aegis.server.session.SessionRegistry;
import io.takumo.aegis.server.session.SessionStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Agents' sessions and nonces in Redis, so that a session opened on one gateway is honoured by
 * every other and a nonce used on one is refused by all. A session is a hash under a reference of
 * its id: the hash of the API key that opened it, its end, and its MAC key sealed by
 * {@link SessionSeal} (the only secret kept, needed by the other gateways to check signatures). It
 * expires an hour after it ends (to answer {@code session_expired}); each key's sessions are
 * indexed so that a revoked key ends them all, and a key keeps at most {@code maxPerKey}, its
 * oldest making room. A nonce is a key that expires when its timestamp leaves the replay window.
 *
 * <p>With {@code --redis-failure local}, while Redis does not answer, sessions are opened in this
 * gateway's memory ({@code local}); such a session is found there, on this gateway only, until it
 * ends, Redis back or not.
 */
public final class SharedSessions implements SessionStore {
  /** What the sealing key is derived for from the signing key. */
  public static final String SEAL_PURPOSE = "takumo-aegis shared session seal v1";
  static final long EXPIRED_GRACE_MILLIS = 3_600_000;
  private static final Script OPEN = Script.of("""
      redis.call('HSET', KEYS[1], 'key', ARGV[1], 'mac', ARGV[2], 'ends', ARGV[3])
      redis.call('PEXPIREAT', KEYS[1], ARGV[4])
      redis.call('ZADD', KEYS[2], ARGV[3], ARGV[5])
      redis.call('PEXPIREAT', KEYS[2], ARGV[4])
      local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[6])
      if over > 0 then
        local old = redis.call('ZPOPMIN', KEYS[2], over)
        for i = 1, #old, 2 do redis.call('DEL', ARGV[7] .. old[i]) end
      end
      return 1""");
  private static final Script DROP = Script.of("""
      local refs = redis.call('ZRANGE', KEYS[1], 0, -1)
      for i = 1, #refs do redis.call('DEL', ARGV[1] .. refs[i]) end
      redis.call('DEL', KEYS[1])
      return #refs""");

  private final SharedState state;
  private final SessionRegistry local;
  private final SessionSeal seal;
  private final int maxPerKey;
  private final Clock clock;

  /** @param local the sessions opened while Redis does not answer ({@code --redis-failure local}) */
  public SharedSessions(SharedState state, SessionRegistry local, byte[] sealKey, int maxPerKey, Clock clock,
      java.security.SecureRandom random) {
    this.state = state;
    this.local = local;
    this.seal = new SessionSeal(sealKey, random);
    this.maxPerKey = maxPerKey;
    this.clock = clock;
  }

  @Override
  public long lifetimeSeconds() {
    return local.lifetimeSeconds();
  }

  @Override
  public String newId() {
    return local.newId();
  }

  @Override
  public Optional<Session> open(String id, String keyHash, byte[] macKey) {
    long ends = clock.millis() + lifetimeSeconds() * 1000;
    String ref = Keys.ref(id);
    String sealed = seal.seal(macKey, context(ref, keyHash, ends));
    return state.callOrLocal(redis -> {
      SharedState.script(redis, OPEN, new String[] {Keys.session(ref), Keys.sessionsOfKey(keyHash)}, keyHash, sealed,
          Long.toString(ends), Long.toString(ends + EXPIRED_GRACE_MILLIS), ref, Integer.toString(maxPerKey),
          Keys.SESSION_PREFIX);
      return Optional.of(Session.shared(id, keyHash, macKey, ends));
    }, () -> local.open(id, keyHash, macKey));
  }

  @Override
  public Lookup find(String id) {
    if (id == null) {
      return new Unknown();
    }
    String ref = Keys.ref(id);
    Lookup shared = state.callOrLocal(redis -> {
      List<KeyValue<String, String>> fields = redis.hmget(Keys.session(ref), "key", "mac", "ends");
      if (fields.stream().anyMatch(f -> !f.hasValue())) {
        return null;
      }
      String keyHash = fields.get(0).getValue();
      long ends = Long.parseLong(fields.get(2).getValue());
      if (clock.millis() >= ends) {
        return new Expired();
      }
      try {
        return new Found(Session.shared(id, keyHash, seal.open(fields.get(1).getValue(), context(ref, keyHash, ends)), ends));
      } catch (IllegalStateException e) {
        // Sealed by a gateway with another signing key: its agents pinned another key anyway.
        return new Unknown();
      }
    }, () -> null);
    return shared != null ? shared : local.find(id);
  }

  @Override
  public Nonce acceptNonce(Session session, String nonce, long timestamp, long nowSeconds) {
    if (local.holds(session)) {
      return local.acceptNonce(session, nonce, timestamp, nowSeconds);
    }
    // Remembered until the timestamp leaves the window, after which the timestamp alone refuses a replay.
    long seconds = Math.max(1, timestamp + RequestCheck.MAX_SKEW_SECONDS - nowSeconds + 1);
    String first = state.call(redis -> redis.set(Keys.nonce(Keys.ref(session.id()), nonce), "1",
        SetArgs.Builder.nx().ex(seconds)));
    return "OK".equals(first) ? Nonce.ACCEPTED : Nonce.REPLAYED;
  }

  @Override
  public void dropKey(String keyHash) {
    local.dropKey(keyHash);
    state.callOrLocal(redis -> SharedState.script(redis, DROP, new String[] {Keys.sessionsOfKey(keyHash)},
        Keys.SESSION_PREFIX), () -> 0L);
  }

  @Override
  public boolean blocking() {
    return true;
  }

  /** What a sealed MAC key is bound to. */
  private static String context(String ref, String keyHash, long ends) {
    return "takumo-aegis session v1|" + ref + "|" + keyHash + "|" + ends;
  }
}
