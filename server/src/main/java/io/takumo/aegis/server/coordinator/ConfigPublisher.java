package io.takumo.aegis.server.coordinator;

import io.takumo.aegis.server.fleet.v1.Config;
import io.takumo.aegis.server.ops.ServerLog;
import io.takumo.aegis.server.store.StoreException;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps the current fleet config and pushes each new version to every connected gateway. It reads
 * the database every {@value #POLL_MILLIS} ms and publishes when anything changed, so a change
 * made through any coordinator replica sharing the database (an API key revoked, a plan created)
 * reaches every gateway in well under a second. Versions start at the coordinator's start time in
 * milliseconds and grow by one per change, so they keep increasing across restarts.
 */
final class ConfigPublisher implements AutoCloseable {
  static final long POLL_MILLIS = 200;

  private final ConfigSource source;
  private final Set<Consumer<Config>> subscribers = new CopyOnWriteArraySet<>();
  private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread thread = new Thread(r, "takumo-fleet-config");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Config current;
  private boolean failing;

  ConfigPublisher(ConfigSource source) {
    this.source = source;
    this.current = source.read().toBuilder().setVersion(System.currentTimeMillis()).build();
    poller.scheduleWithFixedDelay(this::refresh, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
  }

  Config current() {
    return current;
  }

  /** Receives each new config from now on (on the poller's thread); the caller sends {@link #current} first. */
  void subscribe(Consumer<Config> subscriber) {
    subscribers.add(subscriber);
  }

  void unsubscribe(Consumer<Config> subscriber) {
    subscribers.remove(subscriber);
  }

  /** Reads the database and publishes a new version if anything changed. */
  void refresh() {
    Config read;
    try {
      read = source.read();
    } catch (StoreException e) {
      if (!failing) {
        ServerLog.warn("fleet config: " + e.getMessage() + "; gateways keep the last config");
        failing = true;
      }
      return;
    } catch (RuntimeException e) {
      ServerLog.error("fleet config: reading failed (" + e.getClass().getSimpleName() + ")");
      return;
    }
    failing = false;
    Config last = current;
    if (read.equals(last.toBuilder().clearVersion().build())) {
      return;
    }
    Config next = read.toBuilder().setVersion(last.getVersion() + 1).build();
    current = next;
    ServerLog.info("fleet config version " + next.getVersion() + ": " + next.getPlansCount() + " plan(s), "
        + next.getOrgsCount() + " org(s), " + next.getKeysCount() + " active key(s), " + next.getRevokedKeyIdsCount()
        + " revoked; pushing to " + subscribers.size() + " gateway(s)");
    for (Consumer<Config> subscriber : subscribers) {
      subscriber.accept(next);
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
