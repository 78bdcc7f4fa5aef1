package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.GatewayDrops;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import javax.net.ssl.SSLHandshakeException;

/**
 * An {@code HttpURLConnection} routed to the gateway whose connection to it failed before anything
 * was sent: the connect, and for https the TLS handshake after it, run before the app can write a
 * byte. The gateway is told; with gateway-fallback=local the same connection object is readdressed
 * to the provider URL the app opened, the route's headers taken off, and connected again (the
 * advice does that), so the app does not see the failure and its body is protected as for any
 * provider connection; with none the app gets the one-line IOException instead of the JDK's.
 */
public final class UrlConnectionFallback {

  private final Engine engine;

  public UrlConnectionFallback(Engine engine) {
    this.engine = engine;
  }

  /** See {@code AegisBridge.Hooks#urlConnectionConnectFailed}. */
  public Object connectFailed(Object connection, Throwable thrown) {
    return GatewayDrops.isDrop(thrown) ? fallBack((HttpURLConnection) connection, thrown) : null;
  }

  /**
   * See {@code AegisBridge.Hooks#urlConnectionTlsFailed}. The socket is connected by then but the
   * request not written, so whatever failed (a certificate the JVM does not trust, a reset or an
   * end of stream in the handshake, a handshake timeout, a proxy that refused the tunnel) is a
   * drop. A connection whose failure the
   * agent answers is disconnected first: the failed socket is closed, and a later
   * {@code connect()} starts over.
   */
  public Object tlsFailed(Object connection, Throwable thrown) {
    HttpURLConnection c = (HttpURLConnection) connection;
    Object next = fallBack(c, asTlsFailure(thrown));
    if (next instanceof Throwable) {
      c.disconnect();
    }
    return next;
  }

  /**
   * What the troubleshooting line says failed: the JDK's own exception, except for a handshake
   * whose connection was reset or closed, which the JDK reports as a plain socket error.
   */
  private static Throwable asTlsFailure(Throwable thrown) {
    if (!(thrown instanceof SocketException || thrown instanceof EOFException)) {
      return thrown;
    }
    SSLHandshakeException failure = new SSLHandshakeException(
        "the connection ended during the TLS handshake (" + thrown.getClass().getSimpleName() + ")");
    failure.initCause(thrown);
    return failure;
  }

  private Object fallBack(HttpURLConnection c, Throwable thrown) {
    if (engine.gateway() == null || !engine.gateway().isGatewayTarget(c.getURL())) {
      return null;
    }
    String upstream = c.getRequestProperty(Headers.UPSTREAM);
    if (upstream == null) {
      return null;
    }
    URL provider;
    try {
      provider = URI.create(upstream).toURL();
    } catch (IllegalArgumentException | MalformedURLException e) {
      return null;
    }
    IOException blocked =
        GatewayDrops.report(engine, provider.getHost(), c.getRequestProperty(Headers.SESSION), thrown);
    if (blocked != null) {
      return blocked;
    }
    // An http connection object cannot speak TLS (nor the reverse): the app gets the JDK's
    // exception, and its next connection goes direct.
    if (!provider.getProtocol().equals(c.getURL().getProtocol()) || !RouteHeaders.removeFrom(c)) {
      return null;
    }
    return provider;
  }

  /**
   * See {@code AegisBridge.Hooks#urlConnectionReconnect}: {@code plainConnect0()} once more, now
   * to the provider (not {@code connect()}: for https the JDK's caller does the TLS handshake
   * after it, once).
   */
  public Throwable reconnect(Object connection) throws Throwable {
    RouteHeaders r = RouteHeaders.INSTANCE;
    if (r == null) {
      return new IOException("Takumo Aegis could not connect again");
    }
    try {
      r.plainConnect0.invokeExact(connection);
      return null;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  /**
   * See {@code AegisBridge.Hooks#urlConnectionReconnectTls}: {@code disconnect()} drops the socket
   * whose handshake failed (and marks the connection not connected), then {@code connect()} runs
   * the JDK's whole https connect again, now to the provider: socket, tunnel, TLS handshake.
   */
  public Throwable reconnectTls(Object connection) {
    HttpURLConnection c = (HttpURLConnection) connection;
    c.disconnect();
    try {
      c.connect();
      return null;
    } catch (IOException | RuntimeException e) {
      return e;
    }
  }

  /**
   * The JDK internals involved, opened to the agent's module: the header lists the route's headers
   * (the org API key among them) are taken off, as they must never reach the provider, and the
   * connect step.
   */
  private static final class RouteHeaders {
    private static final RouteHeaders INSTANCE = create();

    private final MethodHandle requests;
    private final MethodHandle userHeaders;
    private final MethodHandle remove;
    private final MethodHandle plainConnect0;

    private RouteHeaders() throws ReflectiveOperationException {
      Class<?> connection = Class.forName("sun.net.www.protocol.http.HttpURLConnection", false, null);
      Class<?> messageHeader = Class.forName("sun.net.www.MessageHeader", false, null);
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(connection, MethodHandles.lookup());
      MethodType getter = MethodType.methodType(Object.class, Object.class);
      requests = lookup.findGetter(connection, "requests", messageHeader).asType(getter);
      userHeaders = lookup.findGetter(connection, "userHeaders", messageHeader).asType(getter);
      plainConnect0 = lookup.findVirtual(connection, "plainConnect0", MethodType.methodType(void.class))
          .asType(MethodType.methodType(void.class, Object.class));
      remove = MethodHandles.lookup().findVirtual(messageHeader, "remove", MethodType.methodType(void.class, String.class))
          .asType(MethodType.methodType(void.class, Object.class, String.class));
    }

    private static RouteHeaders create() {
      try {
        return new RouteHeaders();
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }

    /** Whether the headers are off (false: this JDK's classes differ, nothing may go direct). */
    static boolean removeFrom(Object connection) {
      RouteHeaders r = INSTANCE;
      if (r == null) {
        return false;
      }
      try {
        Object[] lists = {(Object) r.requests.invokeExact(connection), (Object) r.userHeaders.invokeExact(connection)};
        for (Object list : lists) {
          for (String name : Headers.ROUTED_REQUEST) {
            r.remove.invokeExact(list, name);
          }
        }
        return true;
      } catch (Throwable t) {
        return false;
      }
    }
  }
}
