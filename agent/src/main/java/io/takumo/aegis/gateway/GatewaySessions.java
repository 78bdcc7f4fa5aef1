package io.takumo.aegis.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The current session, established on first need. Concurrent callers that find none share one
 * handshake (and its outcome, success or failure); later callers reuse the session until it is
 * near expiry or invalidated (the gateway said it expired, or became unreachable).
 *
 * <p>A refused handshake (4xx) is not tried again at once: until the back-off ends, callers get
 * the same refusal without a handshake. The back-off is the gateway's {@code Retry-After} if it
 * sent one (at most an hour), else 5 s doubling with each refusal in a row up to 5 min.
 */
final class GatewaySessions {

  static final long FIRST_BACKOFF_SECONDS = 5;
  static final long MAX_BACKOFF_SECONDS = 300;
  static final long MAX_RETRY_AFTER_SECONDS = 3600;

  private final HandshakeClient client;
  private final LongSupplier clock;
  /** The last refusal, and System.nanoTime() until which it stands; null when none stands. */
  private GatewayRejectedException refused;
  private long refusedUntil;
  private int refusalsInARow;
  private final AtomicInteger handshakes = new AtomicInteger();
  private volatile GatewaySession current;
  private CompletableFuture<GatewaySession> inFlight;
  /** Told of each new session before any request can use it; null for none. */
  private volatile Consumer<GatewaySession> onEstablished;

  GatewaySessions(HandshakeClient client) {
    this(client, System::nanoTime);
  }

  GatewaySessions(HandshakeClient client, LongSupplier clock) {
    this.client = client;
    this.clock = clock;
  }

  GatewaySession session() throws IOException {
    GatewaySession s = current;
    if (s != null && s.isFresh(System.nanoTime())) {
      return s;
    }
    CompletableFuture<GatewaySession> pending;
    boolean leader = false;
    synchronized (this) {
      s = current;
      if (s != null && s.isFresh(System.nanoTime())) {
        return s;
      }
      if (refused != null && clock.getAsLong() - refusedUntil < 0) {
        throw refused;
      }
      if (inFlight == null) {
        inFlight = new CompletableFuture<>();
        leader = true;
      }
      pending = inFlight;
    }
    if (leader) {
      handshakes.incrementAndGet();
      try {
        GatewaySession established = client.handshake();
        tell(established);
        synchronized (this) {
          current = established;
          inFlight = null;
          refused = null;
          refusalsInARow = 0;
        }
        pending.complete(established);
      } catch (Throwable t) {
        synchronized (this) {
          inFlight = null;
          if (t instanceof GatewayRejectedException) {
            backOff((GatewayRejectedException) t);
          }
        }
        pending.completeExceptionally(t);
      }
    }
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for the Takumo gateway handshake");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      throw new IllegalStateException(cause);
    }
  }

  private void backOff(GatewayRejectedException e) {
    long seconds = e.retryAfterSeconds() >= 0
        ? Math.min(e.retryAfterSeconds(), MAX_RETRY_AFTER_SECONDS)
        : Math.min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS << Math.min(refusalsInARow, 16));
    refusalsInARow++;
    refused = e;
    refusedUntil = clock.getAsLong() + seconds * 1_000_000_000L;
  }

  /** Seconds until a refused handshake may be tried again (0 when it may be now). */
  synchronized long backOffSecondsLeft() {
    long left = refused == null ? 0 : refusedUntil - clock.getAsLong();
    return left <= 0 ? 0 : (left + 999_999_999L) / 1_000_000_000L;
  }

  void onEstablished(Consumer<GatewaySession> listener) {
    onEstablished = listener;
  }

  /**
   * Runs the listener in the handshake's thread, before the session is published: the requests
   * waiting for the handshake, and every later one, find what it set up (the org policy applied).
   */
  private void tell(GatewaySession established) {
    Consumer<GatewaySession> listener = onEstablished;
    if (listener == null) {
      return;
    }
    try {
      listener.accept(established);
    } catch (RuntimeException e) {
      // The listener reports its own failures; the session itself is sound.
    }
  }

  /** Drops the session {@code staleId} if it is still the current session; the next request handshakes again. */
  synchronized void invalidate(String staleId) {
    if (staleId != null && current != null && current.id().equals(staleId)) {
      current = null;
    }
  }

  /** The session now, without establishing one; {@code null} if there is none. */
  GatewaySession currentOrNull() {
    return current;
  }

  int handshakeCount() {
    return handshakes.get();
  }
}
