package io.takumo.aegis.instrument.jdkhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.gateway.Headers;
import io.takumo.aegis.instrument.GatewayRedirects;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/** Protects one {@code java.net.http} exchange bound for a provider host. */
public final class JdkHttpClientExchange {

  /**
   * The request {@link RoutedJdkExchange} sends again straight to the provider, on the thread
   * that sends it: its body is the one protected (and counted) for the gateway already, so it goes
   * out as it is, and the request is counted once; its response restores the first one's scope.
   */
  private static final ThreadLocal<Replay> REPLAYING = new ThreadLocal<>();

  private static final class Replay {
    final HttpRequest request;
    final RestoreScope scope;

    Replay(HttpRequest request, RestoreScope scope) {
      this.request = request;
      this.scope = scope;
    }
  }

  private final Engine engine;

  public JdkHttpClientExchange(Engine engine) {
    this.engine = engine;
  }

  /** See {@code AegisBridge.Hooks#jdkHttpClientExchange}: {request, handler[, routed exchange]} or {exception}. */
  public Object[] apply(Object rawRequest, Object rawHandler) {
    HttpRequest request = (HttpRequest) rawRequest;
    URI uri = request.uri();
    String host = uri.getHost();
    Replay replay = REPLAYING.get();
    if (replay != null && replay.request == request) {
      @SuppressWarnings("unchecked")
      HttpResponse.BodyHandler<Object> handler = (HttpResponse.BodyHandler<Object>) rawHandler;
      return new Object[] {request, new RestoringBodyHandler<>(handler, engine, host, null, replay.scope)};
    }
    if (!engine.isProviderHost(host, uri.getPort())
        || engine.leavesUntouched(host, request.headers().firstValue("Authorization").orElse(null))) {
      return null;
    }
    try {
      GatewayRoute route = engine.route(uri);
      RestoreScope scope = engine.scopeFor(uri.getRawPath());
      byte[][] sent = new byte[1][];
      HttpRequest protectedRequest = protect(request, host, route, scope, sent);
      @SuppressWarnings("unchecked")
      HttpResponse.BodyHandler<Object> handler = (HttpResponse.BodyHandler<Object>) rawHandler;
      RestoringBodyHandler<Object> restoring = new RestoringBodyHandler<>(handler, engine, host, route, scope);
      if (route == null) {
        return new Object[] {protectedRequest, restoring};
      }
      // The original publisher may be single-use: a retry sends the protected bytes read from it.
      HttpRequest again = sent[0] == null ? request : RequestCopier.withBody(request, HttpRequest.BodyPublishers.ofByteArray(sent[0]));
      return new Object[] {protectedRequest, restoring, new RoutedJdkExchange(engine, host, route, again, scope, handler)};
    } catch (IOException e) {
      // Blocked by fail-mode closed or an unreachable gateway, or the app's own body publisher
      // failed (the exchange would have failed anyway): either way the exchange fails, unsent.
      return new Object[] {e};
    }
  }

  /** Sends {@code request}, whose body is protected already, straight to the provider, unchanged by the agent. */
  static <T> T replaying(HttpRequest request, RestoreScope scope, java.util.function.Supplier<T> send) {
    REPLAYING.set(new Replay(request, scope));
    try {
      return send.get();
    } finally {
      REPLAYING.remove();
    }
  }

  /**
   * See {@code AegisBridge.Hooks#jdkHttpRedirect}: a redirect of a routed request to anywhere but
   * the gateway itself is not followed, as the client would send the route's headers along.
   */
  public Object redirect(Object next) {
    if (!(next instanceof HttpRequest) || engine.gateway() == null) {
      return next;
    }
    HttpRequest request = (HttpRequest) next;
    boolean routed = false;
    for (String name : request.headers().map().keySet()) {
      routed |= Headers.isProtocolHeader(name);
    }
    return !routed || GatewayRedirects.follows(engine, request.uri()) ? next : null;
  }

  /** See {@code AegisBridge.Hooks#jdkHttpClientSent}. */
  public static Object sent(Object exchange, Object client, Object future, Object pushHandler) {
    return exchange instanceof RoutedJdkExchange ? ((RoutedJdkExchange) exchange).sent(client, future, pushHandler) : future;
  }

  /**
   * The request to send: its body protected and, with a gateway route, readdressed to the gateway.
   *
   * @param protectedBody receives the body bytes to send, when the app's were read from its publisher
   */
  private HttpRequest protect(HttpRequest request, String host, GatewayRoute route, RestoreScope scope, byte[][] protectedBody)
      throws IOException {
    Optional<HttpRequest.BodyPublisher> publisher = request.bodyPublisher();
    String contentType = request.headers().firstValue("Content-Type").orElse(null);
    if (!publisher.isPresent() || publisher.get().contentLength() == 0) {
      return route == null ? request : RequestCopier.routed(request, route,
          publisher.orElse(HttpRequest.BodyPublishers.noBody()), new byte[0]);
    }
    if (BodyKind.isOpaque(contentType)) {
      return route == null ? request : RequestCopier.routed(request, route, publisher.get(), null);
    }
    // With fail-mode open an oversized body is sent as it is, so it must be read whole.
    long limit = engine.failsClosed() ? engine.maxBodySize() : Long.MAX_VALUE;
    byte[] body = BodyCollector.collect(publisher.get(), limit);
    if (body == null) {
      throw engine.blocked(host, "request body is over max-body-size (" + engine.maxBodySize() + " bytes)");
    }
    byte[] sent =
        engine.protectRequest(
            host,
            contentType,
            request.headers().firstValue("Content-Encoding").orElse(null),
            body,
            scope);
    protectedBody[0] = sent;
    // The original publisher may be single-use (an InputStream): always send the buffered bytes.
    HttpRequest.BodyPublisher bytes = HttpRequest.BodyPublishers.ofByteArray(sent);
    if (engine.observing() && publisher.get().contentLength() < 0) {
      // Mode observe changes nothing: a body of unknown length stays so (chunked, as the app chose).
      bytes = HttpRequest.BodyPublishers.fromPublisher(bytes);
    }
    return route == null
        ? RequestCopier.withBody(request, bytes)
        : RequestCopier.routed(request, route, bytes, sent);
  }
}
