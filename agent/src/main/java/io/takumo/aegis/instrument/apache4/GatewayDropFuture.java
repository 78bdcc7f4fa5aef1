package io.takumo.aegis.instrument.apache4;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future {@code execute} returns for a routed HttpAsyncClient 4.1 exchange: the client's own,
 * except that a failure the agent replaced for the app ({@link AsyncRouting#forApp}) is the
 * cause of its {@code ExecutionException}.
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
      throw forApp(e);
    }
  }

  @Override
  public Object get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return delegate.get(timeout, unit);
    } catch (ExecutionException e) {
      throw forApp(e);
    }
  }

  private ExecutionException forApp(ExecutionException e) {
    Throwable cause = routing.forApp(e.getCause());
    return cause == e.getCause() ? e : new ExecutionException(cause);
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    return delegate.cancel(mayInterruptIfRunning);
  }

  @Override
  public boolean isCancelled() {
    return delegate.isCancelled();
  }

  @Override
  public boolean isDone() {
    return delegate.isDone();
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
