package io.takumo.aegis.gateway;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The current session, established on first need. Concurrent callers that find none share one
 * handshake (and its outcome, success or failure); later callers reuse the session until it is
 * near expiry or invalidated (the gateway said it expired, or became unreachable).
 */
final class GatewaySessions {

  private final HandshakeClient client;
  private final AtomicInteger handshakes = new AtomicInteger();
  private volatile GatewaySession current;
  private CompletableFuture<GatewaySession> inFlight;
  /** Told of each new session before any request can use it; null for none. */
  private volatile Consumer<GatewaySession> onEstablished;

  GatewaySessions(HandshakeClient client) {
    this.client = client;
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
        }
        pending.complete(established);
      } catch (Throwable t) {
        synchronized (this) {
          inFlight = null;
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
