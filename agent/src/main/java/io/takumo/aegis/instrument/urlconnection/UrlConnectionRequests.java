package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.rewrite.BodyKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** Request bodies of {@code HttpURLConnection}s bound for provider hosts. */
public final class UrlConnectionRequests {

  private final Engine engine;
  private final ConnectionScopes scopes;
  /** Bodies held back, by connection, until the app asks for the response. */
  // HttpURLConnection keeps Object's identity equals, so a WeakHashMap keys by identity here.
  private final Map<Object, ProtectingOutputStream> pending = Collections.synchronizedMap(new WeakHashMap<>());

  public UrlConnectionRequests(Engine engine, ConnectionScopes scopes) {
    this.engine = engine;
    this.scopes = scopes;
  }

  /** Whether the agent rewrites this connection's request body (so it must not stream). */
  public boolean protectsBody(Object connection) {
    HttpURLConnection c = (HttpURLConnection) connection;
    return isProvider(c)
        && !BodyKind.isOpaque(c.getRequestProperty("Content-Type"))
        && !engine.leavesUntouched(c.getURL().getHost(), AuthorizationHeader.of(connection));
  }

  /**
   * Whether the connection's streaming mode must be turned off for the agent to rewrite the body,
   * or, routed to the gateway, to sign the request before its headers go out (streaming sends them
   * with the first byte). Not in mode observe: the body is only read there, so the app's framing
   * stays as it chose.
   */
  public boolean needsWholeBody(Object connection) {
    return !engine.observing() && (protectsBody(connection) || RoutedConnections.isRouted(engine, (HttpURLConnection) connection));
  }

  /** See {@code AegisBridge.Hooks#urlConnectionRequestStream}. */
  public Object requestStream(Object connection, Object stream) {
    if (!protectsBody(connection)) {
      return stream;
    }
    ProtectingOutputStream known = pending.get(connection);
    if (known != null && known.writesTo(stream)) {
      return known;
    }
    HttpURLConnection c = (HttpURLConnection) connection;
    ProtectingOutputStream protecting =
        new ProtectingOutputStream(
            (OutputStream) stream,
            engine,
            UrlConnectionRouting.providerHost(engine, c),
            c.getRequestProperty("Content-Type"),
            c.getRequestProperty("Content-Encoding"),
            scopes.of(c));
    pending.put(connection, protecting);
    return protecting;
  }

  /** See {@code AegisBridge.Hooks#urlConnectionSendRequest}. */
  public IOException sendRequest(Object connection) {
    if (!isProvider((HttpURLConnection) connection)) {
      return null;
    }
    ProtectingOutputStream body = pending.get(connection);
    if (body != null) {
      try {
        body.send();
      } catch (IOException e) {
        // Stays pending: asking again must fail again, not send the connection's empty buffer.
        return e;
      }
      pending.remove(connection);
    }
    return RoutedConnections.sign(engine, (HttpURLConnection) connection, body);
  }

  /** Bound for a provider: directly, or through the gateway in gateway mode. */
  private boolean isProvider(HttpURLConnection connection) {
    return UrlConnectionRouting.providerHost(engine, connection) != null;
  }
}
