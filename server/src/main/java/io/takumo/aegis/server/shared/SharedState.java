package io.takumo.aegis.server.shared;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.ServerLog;
import io.takumo.aegis.server.store.StoreException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The link to the Redis that the gateways behind one load balancer share (docs/server.md, "Shared
 * state"). Lettuce reconnects on its own; while the link is down, commands fail at once rather than
 * queue, and at most one call a second tries Redis again, so a dead Redis costs a request nothing.
 * What a failed call does is the {@link OnFailure} setting: refuse ({@code closed}) or fall back to
 * this gateway's memory ({@code local}). Each change of state is one log line; the URL (which may
 * hold a password) is never logged, only its host and port.
 */
public final class SharedState implements AutoCloseable {
  /** {@code --redis-failure}: what a gateway does while Redis does not answer. */
  public enum OnFailure {
    /** Requests and handshakes get 503 {@code unavailable}; /readyz fails. */
    CLOSED,
    /** Each gateway keeps limits, sessions and nonces in its own memory until Redis is back. */
    LOCAL;

    public static OnFailure parse(String text) {
      try {
        return valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--redis-failure must be closed or local");
      }
    }
  }

  /** A Redis that takes longer is down: a request waits at most this long for it (then one try a second). */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  private static final long RETRY_MILLIS = 1_000;

  private final ClientResources resources;
  private final RedisClient client;
  private final OnFailure onFailure;
  private final String where;
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile boolean up = true;
  private volatile long retryAtMillis;

  private SharedState(ClientResources resources, RedisClient client, OnFailure onFailure, String where) {
    this.resources = resources;
    this.client = client;
    this.onFailure = onFailure;
    this.where = where;
  }

  /**
   * Connects to {@code url} ({@code redis://[:PASSWORD@]HOST:PORT[/DB]}, {@code rediss://} for
   * TLS). A Redis that does not answer yet is not an error: the gateway starts and behaves as
   * {@code onFailure} says until it does.
   */
  public static SharedState open(String url, OnFailure onFailure) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url.trim());
    } catch (RuntimeException e) {
      // Not echoed: the URL may hold a password.
      throw new IllegalArgumentException("--redis: not a redis:// or rediss:// URL");
    }
    if (uri.getHost() == null || uri.getSentinels() != null && !uri.getSentinels().isEmpty()) {
      throw new IllegalArgumentException("--redis: give redis://HOST:PORT (or rediss://) of one Redis");
    }
    uri.setTimeout(COMMAND_TIMEOUT);
    ClientResources resources = ClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2, java.util.concurrent.TimeUnit.MILLISECONDS))
        .build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder().autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT)).build());
    SharedState state = new SharedState(resources, client, onFailure, uri.getHost() + ":" + uri.getPort());
    try {
      state.call(RedisCommands::ping);
      ServerLog.info("shared state: Redis at " + state.where + " (limits, sessions and nonces shared; --redis-failure "
          + onFailure.name().toLowerCase(Locale.ROOT) + ")");
    } catch (StoreException e) {
      // Logged by call(); the gateway starts and tries again.
    }
    return state;
  }

  /** Whether a failed call falls back to this gateway's memory ({@code local}) rather than refusing. */
  public boolean fallsBackLocally() {
    return onFailure == OnFailure.LOCAL;
  }

  /** Whether Redis answered the last call. */
  public boolean up() {
    return up;
  }

  /**
   * Runs {@code op} on Redis.
   *
   * @throws StoreException when Redis does not answer (the failure is logged once per outage)
   */
  public <T> T call(Function<RedisCommands<String, String>, T> op) {
    StatefulRedisConnection<String, String> c = connection();
    try {
      T result = op.apply(c.sync());
      markUp();
      return result;
    } catch (RedisException e) {
      throw down(e);
    }
  }

  /** {@link #call}, or with {@code local} (and Redis not answering), {@code fallback}. */
  public <T> T callOrLocal(Function<RedisCommands<String, String>, T> op, Supplier<T> fallback) {
    try {
      return call(op);
    } catch (StoreException e) {
      if (fallsBackLocally()) {
        return fallback.get();
      }
      throw e;
    }
  }

  /** Runs a Lua script by its SHA-1, loading it first if this Redis does not know it yet. */
  static long script(RedisCommands<String, String> redis, Script script, String[] keys, String... args) {
    try {
      return redis.evalsha(script.sha(), ScriptOutputType.INTEGER, keys, args);
    } catch (RedisNoScriptException e) {
      return redis.eval(script.text(), ScriptOutputType.INTEGER, keys, args);
    }
  }

  /** {@code /readyz}'s {@code shared_state}: {@code redis}, or while Redis does not answer {@code local} or {@code unavailable}. */
  public String readiness() {
    return up ? "redis" : fallsBackLocally() ? "local" : "unavailable";
  }

  public void registerMetrics(GatewayMetrics metrics) {
    metrics.gauge("takumo_gateway_shared_state_up", "1 while the shared state (Redis) answers, else 0", () -> up ? 1 : 0);
    metrics.gauge("takumo_gateway_shared_state_local", "1 while limits, sessions and nonces are kept in this gateway's"
        + " memory because Redis does not answer (--redis-failure local), else 0", () -> !up && fallsBackLocally() ? 1 : 0);
  }

  private StatefulRedisConnection<String, String> connection() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null && (up || tryNow())) {
      return c;
    }
    if (c != null) {
      throw unavailable();
    }
    synchronized (this) {
      if (connection != null) {
        return connection;
      }
      if (!tryNow()) {
        throw unavailable();
      }
      try {
        connection = client.connect();
        return connection;
      } catch (RedisException e) {
        throw down(e);
      }
    }
  }

  /** While Redis is down, one caller a second gets to try it. */
  private boolean tryNow() {
    long now = System.currentTimeMillis();
    long at = retryAtMillis;
    return now >= at;
  }

  private StoreException down(RedisException e) {
    retryAtMillis = System.currentTimeMillis() + RETRY_MILLIS;
    if (up) {
      up = false;
      // The class names the failure (timeout, connection); Redis's message may quote a key.
      ServerLog.warn("shared state: Redis at " + where + " does not answer (" + e.getClass().getSimpleName() + "); "
          + (fallsBackLocally() ? "--redis-failure local: rate limits, monthly counters, sessions and nonces are kept in"
              + " this gateway's memory until it is back"
              : "--redis-failure closed: requests and handshakes get 503 unavailable until it is back"));
    }
    return unavailable();
  }

  private void markUp() {
    if (!up) {
      up = true;
      ServerLog.info("shared state: Redis at " + where + " answers again; limits, sessions and nonces are shared again");
    }
  }

  private static StoreException unavailable() {
    return new StoreException("the shared state (Redis) does not answer");
  }

  @Override
  public void close() {
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown();
    resources.shutdown();
  }
}
