package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.ResponseStreams;
import io.takumo.aegis.restore.ResponseRestorer;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/** Response bodies of {@code HttpURLConnection}s from provider hosts. */
public final class UrlConnectionResponses {

  private final Engine engine;
  private final ConnectionScopes scopes;
  /**
   * The stream handed out for each of the JDK's response streams: the JDK returns the same stream
   * on every call, so must the agent, with one restorer. Weak both ways, as a wrapper holds its
   * stream; a stream that needs no restoring maps to itself.
   */
  // Weak both ways: the wrapper holds its source stream, the key.
  private final Map<Object, WeakReference<InputStream>> handedOut = Collections.synchronizedMap(new WeakHashMap<>());
  /** Set while the agent reads response headers, which makes the JDK call getInputStream again. */
  private final ThreadLocal<Boolean> readingHeaders = new ThreadLocal<>();

  public UrlConnectionResponses(Engine engine, ConnectionScopes scopes) {
    this.engine = engine;
    this.scopes = scopes;
  }

  /** See {@code AegisBridge.Hooks#urlConnectionResponseStream}. */
  public Object responseStream(Object connection, Object stream) {
    if (stream == null) {
      return null;
    }
    HttpURLConnection c = (HttpURLConnection) connection;
    if (readingHeaders.get() != null) {
      return stream;
    }
    String host = UrlConnectionRouting.providerHost(engine, c);
    if (host == null || engine.leavesUntouched(host, AuthorizationHeader.of(connection))) {
      return stream;
    }
    WeakReference<InputStream> ref = handedOut.get(stream);
    InputStream known = ref == null ? null : ref.get();
    if (known != null) {
      return known;
    }
    ResponseRestorer restorer = restorerFor(c, host);
    InputStream out =
        restorer == null
            ? (InputStream) stream
            : ResponseStreams.restoring((InputStream) stream, restorer, engine, host);
    handedOut.put(stream, new WeakReference<>(out));
    return out;
  }

  private ResponseRestorer restorerFor(HttpURLConnection connection, String host) {
    readingHeaders.set(Boolean.TRUE);
    try {
      if (engine.gateway() != null && !connection.getURL().getHost().equalsIgnoreCase(host)) {
        engine.gateway().onResponse(host, connection.getRequestProperty(Headers.SESSION), connection.getResponseCode(),
            connection::getHeaderField);
      }
      return engine.restorerFor(host, connection.getContentType(), connection.getContentEncoding(), scopes.of(connection));
    } catch (java.io.IOException e) {
      return null;
    } finally {
      readingHeaders.remove();
    }
  }
}
