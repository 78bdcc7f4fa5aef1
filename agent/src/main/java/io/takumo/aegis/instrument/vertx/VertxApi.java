package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;

/**
 * The parts of one Vert.x core (4.5 or 5.0, in one class loader) that the gateway routing calls:
 * {@code RequestOptions}, the client's {@code HttpClientOptions}, and how to fail a request.
 */
final class VertxApi {

  private final MethodHandle copy;
  private final MethodHandle host;
  private final MethodHandle port;
  private final MethodHandle ssl;
  private final MethodHandle uri;
  private final MethodHandle headers;
  private final MethodHandle multiMapGet;
  private final MethodHandle setHost;
  private final MethodHandle setPort;
  private final MethodHandle setSsl;
  private final MethodHandle setUri;
  private final MethodHandle putHeader;
  /** {@code setServer(SocketAddress)} in 4, {@code setServer(Address)} in 5. */
  private final Method setServer;
  private final Class<?> clientType;
  private final MethodHandle clientOptions;
  private final MethodHandle defaultHost;
  private final MethodHandle defaultPort;
  private final MethodHandle clientSsl;
  /** Vert.x 4's {@code Promise.fail}, for its {@code doRequest(options, promise)}. */
  private final MethodHandle failPromise;
  /** {@code Future.failedFuture(Throwable)}, for Vert.x 5's {@code request(options)}. */
  private final MethodHandle failedFuture;
  /** {@code Future.recover(Function)}. */
  private final MethodHandle recover;
  /** {@code HttpClient.request(RequestOptions)}. */
  private final MethodHandle request;
  /**
   * Vert.x 4 only (null on 5): {@code PromiseInternal.context()}, {@code ContextInternal.promise()},
   * {@code Promise.future()} and {@code Future.onComplete(Handler)}, to give {@code doRequest} a
   * promise of the agent's.
   */
  private final MethodHandle promiseContext;
  private final MethodHandle contextPromise;
  private final MethodHandle promiseFuture;
  private final MethodHandle onComplete;

  VertxApi(LibraryHandles h) throws ReflectiveOperationException {
    Class<?> options = h.type("io.vertx.core.http.RequestOptions");
    Class<?> multiMap = h.type("io.vertx.core.MultiMap");
    Class<?> client = h.type("io.vertx.core.http.impl.HttpClientBase");
    Class<?> clientOptionsType = h.type("io.vertx.core.http.HttpClientOptions");
    Class<?> future = h.type("io.vertx.core.Future");
    copy = h.constructor(options, options);
    host = h.virtual(options, "getHost", String.class);
    port = h.virtual(options, "getPort", Integer.class);
    ssl = h.virtual(options, "isSsl", Boolean.class);
    uri = h.virtual(options, "getURI", String.class);
    headers = h.virtual(options, "getHeaders", multiMap);
    multiMapGet = h.virtual(multiMap, "get", String.class, String.class);
    setHost = h.virtual(options, "setHost", options, String.class);
    setPort = h.virtual(options, "setPort", options, Integer.class);
    setSsl = h.virtual(options, "setSsl", options, Boolean.class);
    setUri = h.virtual(options, "setURI", options, String.class);
    putHeader = h.virtual(options, "putHeader", options, String.class, String.class);
    setServer = setServerOf(options);
    clientType = client;
    clientOptions = h.virtual(client, "options", clientOptionsType);
    defaultHost = h.virtual(clientOptionsType, "getDefaultHost", String.class);
    defaultPort = h.virtual(clientOptionsType, "getDefaultPort", int.class);
    clientSsl = h.virtual(clientOptionsType, "isSsl", boolean.class);
    failPromise = h.virtual(h.type("io.vertx.core.Promise"), "fail", void.class, Throwable.class);
    failedFuture = h.staticMethod(future, "failedFuture", future, Throwable.class);
    recover = h.virtual(future, "recover", future, java.util.function.Function.class);
    request = h.virtual(h.type("io.vertx.core.http.HttpClient"), "request", future, options);
    Class<?> promiseInternal = optionalType(h, "io.vertx.core.impl.future.PromiseInternal");
    if (promiseInternal == null) {
      promiseContext = contextPromise = promiseFuture = onComplete = null;
    } else {
      Class<?> context = h.type("io.vertx.core.impl.ContextInternal");
      promiseContext = h.virtual(promiseInternal, "context", context);
      contextPromise = h.virtual(context, "promise", promiseInternal);
      promiseFuture = h.virtual(h.type("io.vertx.core.Promise"), "future", future);
      onComplete = h.virtual(future, "onComplete", future, h.type("io.vertx.core.Handler"));
    }
  }

  private static Class<?> optionalType(LibraryHandles h, String name) {
    try {
      return h.type(name);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static Method setServerOf(Class<?> options) throws NoSuchMethodException {
    for (Method m : options.getMethods()) {
      if (m.getName().equals("setServer") && m.getParameterCount() == 1 && m.getReturnType() == options) {
        return m;
      }
    }
    throw new NoSuchMethodException("RequestOptions.setServer");
  }

  /** Whether {@code client} is an {@code HttpClient} of this Vert.x (not a connection, say). */
  boolean isClient(Object client) {
    return clientType.isInstance(client);
  }

  /** The host the request names, or the client's default host. */
  String host(Object client, Object options) throws Throwable {
    return orDefaultHost(client, (String) (Object) host.invokeExact(options));
  }

  /** The port the request names, or the client's default port. */
  int port(Object client, Object options) throws Throwable {
    return orDefaultPort(client, (Integer) (Object) port.invokeExact(options));
  }

  /** Whether the request goes over TLS: its own choice, or the client's. */
  boolean ssl(Object client, Object options) throws Throwable {
    return orDefaultSsl(client, (Boolean) (Object) ssl.invokeExact(options));
  }

  String orDefaultHost(Object client, String host) throws Throwable {
    return host != null ? host : (String) (Object) defaultHost.invokeExact((Object) clientOptions.invokeExact(client));
  }

  int orDefaultPort(Object client, Integer port) throws Throwable {
    return port != null ? port : (Integer) (Object) defaultPort.invokeExact((Object) clientOptions.invokeExact(client));
  }

  boolean orDefaultSsl(Object client, Boolean ssl) throws Throwable {
    return ssl != null ? ssl : (Boolean) (Object) clientSsl.invokeExact((Object) clientOptions.invokeExact(client));
  }

  String uri(Object options) throws Throwable {
    return (String) (Object) uri.invokeExact(options);
  }

  String header(Object options, String name) throws Throwable {
    Object map = (Object) headers.invokeExact(options);
    return map == null ? null : (String) (Object) multiMapGet.invokeExact(map, (Object) name);
  }

  /** A copy of the app's options (headers included) that the agent may change. */
  Object copy(Object options) throws Throwable {
    return (Object) copy.invokeExact(options);
  }

  /** Addresses {@code options} to {@code host:port}, over TLS or not, at {@code pathAndQuery}. */
  void readdress(Object options, String host, int port, boolean ssl, String pathAndQuery) throws Throwable {
    setServer.invoke(options, (Object) null);
    Object same = (Object) setHost.invokeExact(options, (Object) host);
    same = (Object) setPort.invokeExact(options, (Object) Integer.valueOf(port));
    same = (Object) setSsl.invokeExact(options, (Object) Boolean.valueOf(ssl));
    same = (Object) setUri.invokeExact(options, (Object) pathAndQuery);
  }

  void putHeader(Object options, String name, String value) throws Throwable {
    Object same = (Object) putHeader.invokeExact(options, (Object) name, (Object) value);
  }

  void fail(Object promise, Throwable cause) throws Throwable {
    Object ignored = (Object) failPromise.invokeExact(promise, (Object) cause);
  }

  Object failedFuture(Throwable cause) throws Throwable {
    return (Object) failedFuture.invokeExact((Object) cause);
  }

  /** {@code future.recover(mapper)}. */
  Object recover(Object future, java.util.function.Function<Throwable, Object> mapper) throws Throwable {
    return (Object) recover.invokeExact(future, (Object) mapper);
  }

  /** {@code client.request(options)}: the future of a new request. */
  Object request(Object client, Object options) throws Throwable {
    return (Object) request.invokeExact(client, options);
  }

  /** Vert.x 4: a new promise on the context of {@code promise}. */
  Object promiseLike(Object promise) throws Throwable {
    return (Object) contextPromise.invokeExact((Object) promiseContext.invokeExact(promise));
  }

  /** Vert.x 4: {@code promise.future()}. */
  Object future(Object promise) throws Throwable {
    return (Object) promiseFuture.invokeExact(promise);
  }

  /** Vert.x 4: completes {@code promise} (a {@code Handler} of the outcome) as {@code future} completes. */
  void completeWith(Object future, Object promise) throws Throwable {
    Object same = (Object) onComplete.invokeExact(future, promise);
  }
}
