package io.takumo.aegis.instrument.apache5;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.Delegation;
import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Proxy;

/**
 * An async exchange routed to the gateway whose connection failed before anything was sent, with
 * gateway-fallback=local: the agent makes it again straight to the provider, by the client's own
 * {@code execute(producer, consumer, pushHandlerFactory, context, callback)}, with the app's
 * producer and consumer (the app's consumer never saw the failure), the body the agent already
 * protected (the same tokens, not scanned again, counted once) and no route. The app's future,
 * which the client was about to fail, ends as that attempt ends instead (and the app's
 * {@code FutureCallback} with it); cancelling it cancels that attempt. The attempt runs with a
 * fresh context: the app's {@code HttpContext} of the first attempt is not carried over.
 */
final class AsyncResend {

  /** Set while {@link #start} calls the client, whose hook must leave the agent's own wrappers alone. */
  private static final ThreadLocal<Boolean> STARTING = new ThreadLocal<>();

  private final Handles handles;
  private final Engine engine;
  private final AsyncExchange exchange;
  private final Object appConsumer;
  private final AsyncFailures failures;

  AsyncResend(Handles handles, Engine engine, AsyncExchange exchange, Object appConsumer, AsyncFailures failures) {
    this.handles = handles;
    this.engine = engine;
    this.exchange = exchange;
    this.appConsumer = appConsumer;
    this.failures = failures;
  }

  /** Whether the client is being called by {@link #start} on this thread. */
  static boolean starting() {
    return STARTING.get() != null;
  }

  /**
   * Called in place of the client failing {@code future}, the one it handed the app: sends the
   * exchange again, and ends {@code future} as that attempt ends.
   */
  void start(Object future) {
    ProtectingRequestProducer first = exchange.producer();
    try {
      first.putBackAppRequest();
      Apache5Api api = first.api();
      AsyncExchange direct = new AsyncExchange(null);
      Object producer = first.directCopy(direct);
      Object consumer = RestoringResponseConsumer.wrap(api, engine, appConsumer, direct, failures);
      Object callback = Proxy.newProxyInstance(api.loader, new Class<?>[] {handles.futureCallback}, (proxy, m, args) -> {
        if (Delegation.isObjectMethod(m)) {
          return Delegation.objectMethod(proxy, m, args, "TakumoAegisDirectAttempt");
        }
        switch (m.getName()) {
          case "completed":
            return (Object) handles.completed.invokeExact(future, args[0]);
          case "failed":
            return (Object) handles.failed.invokeExact(future, args[0]);
          default:
            return (Object) handles.cancel.invokeExact(future);
        }
      });
      Object attempt;
      STARTING.set(Boolean.TRUE);
      try {
        attempt = (Object) handles.execute.invokeExact(exchange.client(), producer, consumer, (Object) null, (Object) null, callback);
      } finally {
        STARTING.remove();
      }
      Object ignored = (Object) handles.setDependency.invokeExact(future, attempt);
    } catch (Throwable t) {
      engine.log().warn("could not send an Apache HttpClient 5 request again straight to the provider ("
          + t.getClass().getSimpleName() + "); it fails");
      try {
        Object ignored = (Object) handles.failed.invokeExact(future, (Object) new java.io.IOException(
            "Takumo Aegis could not send the request again straight to the provider (" + t.getClass().getSimpleName() + ")"));
      } catch (Throwable again) {
        // Nothing more to do: the future stays as it is.
      }
    }
  }

  /** The client and future methods a resend calls, for one copy of HttpClient 5. */
  static final class Handles {
    final Class<?> futureCallback;
    final MethodHandle execute;
    final MethodHandle completed;
    final MethodHandle failed;
    final MethodHandle cancel;
    final MethodHandle setDependency;

    private Handles(LibraryHandles h) throws ReflectiveOperationException {
      futureCallback = h.type("org.apache.hc.core5.concurrent.FutureCallback");
      execute = h.virtual(h.type("org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient"), "execute",
          java.util.concurrent.Future.class, h.type("org.apache.hc.core5.http.nio.AsyncRequestProducer"),
          h.type("org.apache.hc.core5.http.nio.AsyncResponseConsumer"), h.type("org.apache.hc.core5.http.nio.HandlerFactory"),
          h.type("org.apache.hc.core5.http.protocol.HttpContext"), futureCallback);
      Class<?> basicFuture = h.type("org.apache.hc.core5.concurrent.BasicFuture");
      completed = h.virtual(basicFuture, "completed", boolean.class, Object.class);
      failed = h.virtual(basicFuture, "failed", boolean.class, Exception.class);
      cancel = h.virtual(basicFuture, "cancel", boolean.class);
      setDependency = h.virtual(h.type("org.apache.hc.core5.concurrent.ComplexFuture"), "setDependency", void.class,
          java.util.concurrent.Future.class);
    }

    /** Null if this HttpClient 5 differs: its async requests are not sent again. */
    static Handles create(LibraryHandles h) {
      try {
        return new Handles(h);
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }
  }
}
