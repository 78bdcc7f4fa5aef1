package io.takumo.aegis.instrument.urlconnection;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.scope.RestoreScope;
import java.net.HttpURLConnection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The restore scope of each provider {@code HttpURLConnection}: one connection object is one
 * exchange, its request body written before its response is read. Weak: a scope lives as long as
 * its connection.
 */
public final class ConnectionScopes {

  private final Engine engine;
  // HttpURLConnection keeps Object's identity equals, so a WeakHashMap keys by identity here.
  private final Map<Object, RestoreScope> scopes = Collections.synchronizedMap(new WeakHashMap<>());

  public ConnectionScopes(Engine engine) {
    this.engine = engine;
  }

  /** The connection's scope, made on first need (a request without a body makes it at its response). */
  RestoreScope of(HttpURLConnection connection) {
    synchronized (scopes) {
      RestoreScope scope = scopes.get(connection);
      if (scope == null) {
        scope = engine.scopeFor(connection.getURL().getPath());
        scopes.put(connection, scope);
      }
      return scope;
    }
  }
}
