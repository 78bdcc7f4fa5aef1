package io.takumo.aegis.instrument.jdkhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.restore.ResponseRestorer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Passes a response body through a {@link ResponseRestorer} on its way to the app's subscriber.
 *
 * <p>Backpressure is the app's: every upstream item yields exactly one downstream item (an empty
 * list when the restorer holds everything back), so demand stays one-to-one. The one extra item,
 * the restorer's tail at the end of the body, waits for demand if there is none.
 */
final class RestoringBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {

  private final HttpResponse.BodySubscriber<T> delegate;
  private final ResponseRestorer restorer;
  private final Engine engine;
  private final String host;
  private final AtomicLong demand = new AtomicLong();
  private volatile Flow.Subscription upstream;
  private final AtomicReference<byte[]> tail = new AtomicReference<>();
  private volatile boolean failed;

  RestoringBodySubscriber(
      HttpResponse.BodySubscriber<T> delegate, ResponseRestorer restorer, Engine engine, String host) {
    this.delegate = delegate;
    this.restorer = restorer;
    this.engine = engine;
    this.host = host;
  }

  @Override
  public CompletionStage<T> getBody() {
    return delegate.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    upstream = subscription;
    delegate.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            if (n > 0) {
              addDemand(n);
            }
            if (tail.get() != null) {
              drainTail();
            } else {
              upstream.request(n);
            }
          }

          @Override
          public void cancel() {
            upstream.cancel();
          }
        });
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    demand.decrementAndGet();
    if (failed) {
      delegate.onNext(items);
      return;
    }
    byte[] out;
    try {
      out = restoreAll(items);
    } catch (RuntimeException e) {
      // The agent's own failure: the app gets the rest of the body as it came.
      failed = true;
      engine.restoreFailed(host, e);
      delegate.onNext(items);
      return;
    }
    delegate.onNext(out.length == 0 ? List.of() : List.of(ByteBuffer.wrap(out)));
  }

  private byte[] restoreAll(List<ByteBuffer> items) {
    if (items.size() == 1) {
      return restore(items.get(0));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuffer item : items) {
      byte[] part = restore(item);
      out.write(part, 0, part.length);
    }
    return out.toByteArray();
  }

  private byte[] restore(ByteBuffer item) {
    ByteBuffer b = item.duplicate();
    if (b.hasArray()) {
      return restorer.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
    }
    byte[] copy = new byte[b.remaining()];
    b.get(copy);
    return restorer.update(copy, 0, copy.length);
  }

  @Override
  public void onError(Throwable throwable) {
    delegate.onError(throwable);
  }

  @Override
  public void onComplete() {
    byte[] rest = new byte[0];
    if (!failed) {
      try {
        rest = restorer.finish();
      } catch (RuntimeException e) {
        engine.restoreFailed(host, e);
      }
    }
    if (rest.length == 0) {
      delegate.onComplete();
      return;
    }
    tail.set(rest);
    drainTail();
  }

  /** Delivers the tail and completes, once the app has asked for one more item. */
  private void drainTail() {
    if (demand.get() <= 0) {
      return;
    }
    byte[] t = tail.getAndSet(null);
    if (t == null) {
      return;
    }
    demand.decrementAndGet();
    delegate.onNext(List.of(ByteBuffer.wrap(t)));
    delegate.onComplete();
  }

  private void addDemand(long n) {
    demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
  }
}
