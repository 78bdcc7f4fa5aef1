package io.takumo.aegis.instrument.apache5;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Hands what the agent made of an async exchange's failure from the app's response consumer,
 * which the client tells first, to the exchange's future, which it fails next with the same
 * exception object ({@code ComplexFuture.failed}): so that the future, and the app's
 * {@code FutureCallback} it calls, fail as the consumer did, or end as the attempt that sends the
 * exchange again ends. Each entry is taken once; an exception nobody fails a future with is
 * forgotten with it.
 */
final class AsyncFailures {

  /** Per cause: the Exception to fail the future with instead, or the {@link AsyncResend} to start. */
  private final Map<Exception, Object> instead = new WeakHashMap<>();

  /** The future failed with {@code cause} is to fail with {@code replacement}. */
  void replace(Exception cause, Exception replacement) {
    synchronized (instead) {
      instead.put(cause, replacement);
    }
  }

  /** The future failed with {@code cause} is not to fail: {@code resend} ends it. */
  void resend(Exception cause, AsyncResend resend) {
    synchronized (instead) {
      instead.put(cause, resend);
    }
  }

  /**
   * What a future failed with {@code cause} fails with instead: the replacement, else
   * {@code cause}; or null when it is not to fail now (the exchange is being sent again).
   */
  Exception futureFailed(Object future, Exception cause) {
    Object outcome;
    synchronized (instead) {
      outcome = instead.isEmpty() ? null : instead.remove(cause);
    }
    if (outcome instanceof AsyncResend) {
      ((AsyncResend) outcome).start(future);
      return null;
    }
    return outcome == null ? cause : (Exception) outcome;
  }
}
