package io.takumo.aegis.instrument.jdkhttp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request's {@code BodyPublisher} into memory. The JDK's own publishers (string, bytes,
 * file, input stream) deliver synchronously on {@code request}; a custom asynchronous one is
 * waited for, up to a bound.
 */
final class BodyCollector implements Flow.Subscriber<ByteBuffer> {

  private static final long TIMEOUT_SECONDS = 60;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> done = new CompletableFuture<>();
  private final long limit;
  private Flow.Subscription subscription;

  private BodyCollector(long limit) {
    this.limit = limit;
  }

  /** Returns the body, or {@code null} as soon as it grows past {@code limit}. */
  static byte[] collect(HttpRequest.BodyPublisher publisher, long limit) throws IOException {
    long known = publisher.contentLength();
    if (known > limit) {
      return null;
    }
    BodyCollector collector = new BodyCollector(limit);
    publisher.subscribe(collector);
    try {
      return collector.done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException ? (IOException) cause : new IOException("request body publisher failed", cause);
    } catch (TimeoutException e) {
      throw new IOException("request body publisher produced no end within " + TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the request body");
    }
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(ByteBuffer item) {
    if (done.isDone()) {
      return;
    }
    int n = item.remaining();
    if (bytes.size() + (long) n > limit) {
      subscription.cancel();
      done.complete(null);
      return;
    }
    if (item.hasArray()) {
      bytes.write(item.array(), item.arrayOffset() + item.position(), n);
    } else {
      byte[] copy = new byte[n];
      item.duplicate().get(copy);
      bytes.write(copy, 0, n);
    }
  }

  @Override
  public void onError(Throwable t) {
    done.completeExceptionally(t);
  }

  @Override
  public void onComplete() {
    done.complete(bytes.toByteArray());
  }
}
