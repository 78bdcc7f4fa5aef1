package io.takumo.aegis.instrument.jdkhttp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's wrapped response subscriber keeps the JDK's scheduling: no executor hand-off for the
 * JDK's own subscribers, the hand-off kept for the app's custom ones. (The test JVM exports the
 * JDK package with {@code --add-exports}, as the agent does for its own module at activation.)
 */
class TrustedSubscribersTest {

  private static final byte[] BODY = "{\"choices\":[{\"message\":{\"content\":\"hello\"}}]}".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private ExecutorService pool;
  /** Tasks the client handed to its executor to complete a response body. */
  private final AtomicInteger bodyHandOffs = new AtomicInteger();
  private HttpClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, BODY.length);
      exchange.getResponseBody().write(BODY);
      exchange.close();
    });
    server.start();
    pool = Executors.newCachedThreadPool();
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(task -> {
      if (Arrays.stream(new Throwable().getStackTrace()).anyMatch(f -> f.getMethodName().equals("getBodyAsync"))) {
        bodyHandOffs.incrementAndGet();
      }
      pool.execute(task);
    }).build();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    pool.shutdownNow();
  }

  @Test
  void aJdkSubscriberWrappedStillCompletesWithoutAHandOff() throws Exception {
    assertEquals(0, exchanges(3, false), "hand-offs without the wrapper");
    assertEquals(0, exchanges(3, true), "hand-offs with the wrapper");
  }

  @Test
  void anAppSubscriberWrappedKeepsItsHandOff() throws Exception {
    HttpResponse.BodyHandler<byte[]> custom = info -> new Custom();
    for (int i = 0; i < 3; i++) {
      HttpResponse<byte[]> response = client.send(request(), info -> TrustedSubscribers.asTrustedAs(
          new Counting<>(custom.apply(info)), custom.apply(info)));
      assertArrayEquals(BODY, response.body());
    }
    assertEquals(3, bodyHandOffs.get());
  }

  @Test
  void theWrapperAnswersForTheAppSubscriber() throws Exception {
    Class<?> trusted = Class.forName("jdk.internal.net.http.ResponseSubscribers$TrustedSubscriber");
    Method needsExecutor = trusted.getMethod("needsExecutor");
    HttpResponse.BodySubscriber<byte[]> jdk = HttpResponse.BodySubscribers.ofByteArray();
    Object wrapped = TrustedSubscribers.asTrustedAs(new Counting<>(jdk), jdk);
    assertTrue(trusted.isInstance(wrapped));
    assertEquals(false, needsExecutor.invoke(wrapped));
    Custom custom = new Custom();
    assertEquals(true, needsExecutor.invoke(TrustedSubscribers.asTrustedAs(new Counting<>(custom), custom)));
  }

  /** Runs {@code n} exchanges reading into a byte array; returns the body hand-offs they caused. */
  private int exchanges(int n, boolean wrapped) throws Exception {
    bodyHandOffs.set(0);
    for (int i = 0; i < n; i++) {
      AtomicReference<Counting<byte[]>> wrapper = new AtomicReference<>();
      HttpResponse<byte[]> response = client.send(request(), info -> {
        HttpResponse.BodySubscriber<byte[]> app = HttpResponse.BodySubscribers.ofByteArray();
        if (!wrapped) {
          return app;
        }
        wrapper.set(new Counting<>(app));
        return TrustedSubscribers.asTrustedAs(wrapper.get(), app);
      });
      assertArrayEquals(BODY, response.body());
      if (wrapped) {
        assertTrue(wrapper.get().items.get() > 0 && wrapper.get().completed.get() == 1, "the wrapper saw the body");
      }
    }
    return bodyHandOffs.get();
  }

  private HttpRequest request() {
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
  }

  /** A pass-through wrapper that counts what goes through it. */
  private static final class Counting<T> implements HttpResponse.BodySubscriber<T> {
    final HttpResponse.BodySubscriber<T> delegate;
    final AtomicInteger items = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();

    Counting(HttpResponse.BodySubscriber<T> delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletionStage<T> getBody() {
      return delegate.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      delegate.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      items.incrementAndGet();
      delegate.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      delegate.onError(throwable);
    }

    @Override
    public void onComplete() {
      completed.incrementAndGet();
      delegate.onComplete();
    }
  }

  /** An app's own subscriber: the JDK does not trust it. */
  private static final class Custom implements HttpResponse.BodySubscriber<byte[]> {
    private final HttpResponse.BodySubscriber<byte[]> inner = HttpResponse.BodySubscribers.ofByteArray();

    @Override
    public CompletionStage<byte[]> getBody() {
      return inner.getBody();
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      inner.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
      inner.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      inner.onError(throwable);
    }

    @Override
    public void onComplete() {
      inner.onComplete();
    }
  }
}
