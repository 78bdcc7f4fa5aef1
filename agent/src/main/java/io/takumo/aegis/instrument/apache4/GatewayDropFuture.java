package io.takumo.aegis.instrument.apache4;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future {@code execute} returns for a routed HttpAsyncClient 4.1 exchange: the client's own,
 * except that a failure the agent replaced for the app ({@link AsyncRouting#forApp}) is the
 * cause of its {@code ExecutionException}, and that once the exchange is sent again
 * ({@link AsyncResend}) it is that attempt's future.
 */
final class GatewayDropFuture implements Future<Object> {

  private final Future<?> delegate;
  private final AsyncRouting routing;

  GatewayDropFuture(Future<?> delegate, AsyncRouting routing) {
    this.delegate = delegate;
    this.routing = routing;
  }

  @Override
  public Object get() throws InterruptedException, ExecutionException {
    try {
      return delegate.get();
    } catch (ExecutionException e) {
      Future<?> attempt = routing.attemptFor(e.getCause());
      if (attempt != null) {
        return attempt.get();
      }
      throw forApp(e);
    }
  }

  @Override
  public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    try {
      return delegate.get(timeout, unit);
    } catch (ExecutionException e) {
      Future<?> attempt = routing.attemptFor(e.getCause());
      if (attempt != null) {
        return attempt.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      throw forApp(e);
    }
  }

  /** The attempt that sends the exchange again, once the client's own failed; else the client's own. */
  private Future<?> current() {
    if (delegate.isDone()) {
      try {
        delegate.get();
      } catch (ExecutionException e) {
        Future<?> attempt = routing.attemptFor(e.getCause());
        return attempt != null ? attempt : delegate;
      } catch (InterruptedException | java.util.concurrent.CancellationException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return delegate;
      }
    }
    return delegate;
  }

  private ExecutionException forApp(ExecutionException e) {
    Throwable cause = routing.forApp(e.getCause());
    return cause == e.getCause() ? e : new ExecutionException(cause);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return current().cancel(mayInterruptIfRunning);
  }

  @Override
  public boolean isCancelled() {
    return current().isCancelled();
  }

  @Override
  public boolean isDone() {
    return current().isDone();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
