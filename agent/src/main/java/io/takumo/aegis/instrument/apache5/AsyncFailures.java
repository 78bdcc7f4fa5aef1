package io.takumo.aegis.instrument.apache5;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Hands what the agent made of an async exchange's failure from the app's response consumer,
 * which the client tells first, to the exchange's future, which it fails next with the same
 * exception object ({@code ComplexFuture.failed}): so that the future, and the app's
 * {@code FutureCallback} it calls, fail as the consumer did. Each entry is taken once; an
 * exception nobody fails a future with is forgotten with it.
 */
final class AsyncFailures {

  private final Map<Exception, Exception> instead = new WeakHashMap<>();

  /** The future failed with {@code cause} is to fail with {@code replacement}. */
  void replace(Exception cause, Exception replacement) {
    synchronized (instead) {
      instead.put(cause, replacement);
    }
  }

  /** What a future failed with {@code cause} fails with instead: the replacement, else {@code cause}. */
  Exception futureFailed(Exception cause) {
    synchronized (instead) {
      if (instead.isEmpty()) {
        return cause;
      }
      Exception replacement = instead.remove(cause);
      return replacement == null ? cause : replacement;
    }
  }
}
