package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.instrument.LibraryHandles;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;

/**
 * The parts of Vert.x 5 that routing an explicit connection calls: {@code HttpConnectOptions},
 * {@code HttpClientAgent.connect} and {@code Future.map}.
 */
final class VertxConnectApi {

  private final MethodHandle copy;
  private final MethodHandle host;
  private final MethodHandle port;
  private final MethodHandle ssl;
  private final MethodHandle setHost;
  private final MethodHandle setPort;
  private final MethodHandle setSsl;
  private final Method setServer;
  private final MethodHandle connect;
  private final MethodHandle map;
  /** The connection type {@code connect} hands out, on which routed requests are made. */
  final Class<?> connectionType;

  VertxConnectApi(LibraryHandles h) throws ReflectiveOperationException {
    Class<?> options = h.type("io.vertx.core.http.HttpConnectOptions");
    Class<?> future = h.type("io.vertx.core.Future");
    copy = h.constructor(options, options);
    host = h.virtual(options, "getHost", String.class);
    port = h.virtual(options, "getPort", Integer.class);
    ssl = h.virtual(options, "isSsl", Boolean.class);
    setHost = h.virtual(options, "setHost", options, String.class);
    setPort = h.virtual(options, "setPort", options, Integer.class);
    setSsl = h.virtual(options, "setSsl", options, Boolean.class);
    setServer = options.getMethod("setServer", h.type("io.vertx.core.net.Address"));
    connect = h.virtual(h.type("io.vertx.core.http.HttpClientAgent"), "connect", future, options);
    map = h.virtual(future, "map", future, java.util.function.Function.class);
    connectionType = h.type("io.vertx.core.http.HttpClientConnection");
  }

  String host(Object options) throws Throwable {
    return (String) (Object) host.invokeExact(options);
  }

  Integer port(Object options) throws Throwable {
    return (Integer) (Object) port.invokeExact(options);
  }

  Boolean ssl(Object options) throws Throwable {
    return (Boolean) (Object) ssl.invokeExact(options);
  }

  /** A copy of the app's options addressed to {@code host:port}, over TLS or not. */
  Object readdressed(Object options, String host, int port, boolean ssl) throws Throwable {
    Object routed = (Object) copy.invokeExact(options);
    setServer.invoke(routed, (Object) null);
    Object same = (Object) setHost.invokeExact(routed, (Object) host);
    same = (Object) setPort.invokeExact(routed, (Object) Integer.valueOf(port));
    same = (Object) setSsl.invokeExact(routed, (Object) Boolean.valueOf(ssl));
    return routed;
  }

  /** {@code client.connect(options)}. */
  Object connect(Object client, Object options) throws Throwable {
    return (Object) connect.invokeExact(client, options);
  }

  /** {@code future.map(mapper)}. */
  Object map(Object future, java.util.function.Function<Object, Object> mapper) throws Throwable {
    return (Object) map.invokeExact(future, (Object) mapper);
  }
}
