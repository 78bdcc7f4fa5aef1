package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.Future;

/**
 * A routed HttpAsyncClient 4.1 exchange whose connection to the gateway failed, with
 * gateway-fallback=local: made again straight to the provider by the client's own
 * {@code execute(producer, consumer, context, callback)}. The client tells the failure to the
 * producer, then the consumer, then the future (and the app's callback), then closes the producer
 * and the consumer; the agent's wrappers keep all of it from the app's objects, and this attempt
 * starts when the consumer is told, before the future is: so the future the app holds
 * ({@link GatewayDropFuture}) already knows the attempt when it sees the failure. The attempt uses
 * the app's producer for the target and the request (put back as the app built it, its entity the
 * bytes the agent protected: the same tokens, not scanned again, counted once), the app's consumer
 * and callback, and a fresh context (the app's {@code HttpContext} of the first attempt is not
 * carried over).
 */
final class AsyncResend {

  /** Set while {@link #start} calls the client, whose hook must leave the agent's own wrappers alone. */
  private static final ThreadLocal<Boolean> STARTING = new ThreadLocal<>();

  private final MethodHandle execute;
  private final Apache4Api api;
  private final Engine engine;
  private final String host;
  private final Object client;
  private final Object producer;
  private final Object appCallback;
  private volatile Future<?> attempt;

  /**
   * @param producer the producer to send with (the agent's copy that sends the protected bytes)
   * @param appCallback the app's {@code FutureCallback}, or null
   */
  AsyncResend(MethodHandle execute, Apache4Api api, Engine engine, String host, Object client, Object producer,
      Object appCallback) {
    this.execute = execute;
    this.api = api;
    this.engine = engine;
    this.host = host;
    this.client = client;
    this.producer = producer;
    this.appCallback = appCallback;
  }

  /** Whether the client is being called by {@link #start} on this thread. */
  static boolean starting() {
    return STARTING.get() != null;
  }

  /**
   * {@code HttpAsyncClient.execute(producer, consumer, context, callback)}; null if this
   * HttpAsyncClient differs (its exchanges are not sent again).
   */
  static MethodHandle executeHandle(LibraryHandles h, Apache4Api api) {
    if (api.requestProducer == null || api.futureCallback == null) {
      return null;
    }
    try {
      return h.virtual(h.type("org.apache.http.nio.client.HttpAsyncClient"), "execute", Future.class, api.requestProducer,
          api.responseConsumer, h.type("org.apache.http.protocol.HttpContext"), api.futureCallback);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** Starts the attempt with the app's consumer; false, with one line, if it could not be started. */
  boolean start(Object appConsumer) {
    try {
      Object consumer =
          RestoringResponseConsumer.wrap(api, engine, host, ProtectingRequestProducer.scopeOf(producer), appConsumer, null);
      STARTING.set(Boolean.TRUE);
      try {
        attempt = (Future<?>) (Object) execute.invokeExact(client, producer, consumer, (Object) null, appCallback);
      } finally {
        STARTING.remove();
      }
      return true;
    } catch (Throwable t) {
      engine.log().warn("could not send an Apache HttpAsyncClient 4 request again straight to the provider ("
          + t.getClass().getSimpleName() + "); it fails with the client's exception");
      return false;
    }
  }

  /** The attempt's future, once started; else null. */
  Future<?> attempt() {
    return attempt;
  }
}
