package io.takumo.aegis.agent;

import io.takumo.aegis.bootstrap.AegisBridge;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.instrument.BlockedRequests;
import io.takumo.aegis.instrument.ClassicExchange;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.RoutedExchange;
import io.takumo.aegis.instrument.apache4.Apache4Hook;
import io.takumo.aegis.instrument.apache5.Apache5Hook;
import io.takumo.aegis.instrument.apacheredirect.ApacheRedirects;
import io.takumo.aegis.instrument.jdkhttp.JdkHttpClientExchange;
import io.takumo.aegis.instrument.jetty.JettyHook;
import io.takumo.aegis.instrument.netty.NettyHook;
import io.takumo.aegis.instrument.netty.ReactorNettyRouting;
import io.takumo.aegis.instrument.netty.http2.Http2Hook;
import io.takumo.aegis.instrument.okhttp.OkHttpHook;
import io.takumo.aegis.instrument.okhttp.OkHttpRedirects;
import io.takumo.aegis.instrument.urlconnection.UnwovenConnectionGuard;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionFallback;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionRequests;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionResponses;
import io.takumo.aegis.instrument.urlconnection.UrlConnectionRouting;
import io.takumo.aegis.instrument.vertx.VertxRouting;
import io.takumo.aegis.log.AegisLog;
import java.io.IOException;
import java.net.URL;

/**
 * The agent's side of the bridge. Every hook catches everything: a failure of the agent must never
 * surface in the app as anything but the documented fail-closed IOException.
 */
final class BridgeHooks implements AegisBridge.Hooks {

  private final JdkHttpClientExchange jdkHttpClient;
  private final OkHttpHook okHttp;
  private final UrlConnectionRequests urlConnectionRequests;
  private final UrlConnectionResponses urlConnectionResponses;
  private final AegisLog log;
  private final JettyHook jetty;
  private final Apache4Hook apache4;
  private final Apache5Hook apache5;
  /** Set in gateway mode only. */
  private UrlConnectionRouting urlConnectionRouting;
  /** Set in gateway mode only. */
  private OkHttpRedirects okHttpRedirects;
  /** Set in gateway mode only. */
  private ApacheRedirects apacheRedirects;
  private NettyHook netty;
  private Http2Hook nettyHttp2;
  /** Set in gateway mode only. */
  private ReactorNettyRouting reactorNettyRouting;
  /** Set in gateway mode only. */
  private VertxRouting vertxRouting;
  /** Set in gateway mode only: the engine, for routed requests whose connection to the gateway fails. */
  private Engine gatewayDrops;
  private UrlConnectionFallback urlConnectionFallback;
  private UnwovenConnectionGuard unwovenConnectionGuard;

  BridgeHooks(
      JdkHttpClientExchange jdkHttpClient,
      OkHttpHook okHttp,
      UrlConnectionRequests urlConnectionRequests,
      UrlConnectionResponses urlConnectionResponses,
      AegisLog log,
      JettyHook jetty,
      Apache4Hook apache4,
      Apache5Hook apache5) {
    this.jdkHttpClient = jdkHttpClient;
    this.okHttp = okHttp;
    this.urlConnectionRequests = urlConnectionRequests;
    this.urlConnectionResponses = urlConnectionResponses;
    this.log = log;
    this.jetty = jetty;
    this.apache4 = apache4;
    this.apache5 = apache5;
  }

  @Override
  public Object[] jdkHttpClientExchange(Object request, Object bodyHandler) {
    try {
      return jdkHttpClient.apply(request, bodyHandler);
    } catch (Throwable t) {
      log.warn("java.net.http hook failed (" + t.getClass().getSimpleName() + "); exchange left as it was");
      return null;
    }
  }

  @Override
  public Object jdkHttpRedirect(Object next) {
    try {
      return jdkHttpClient.redirect(next);
    } catch (Throwable t) {
      log.warn("java.net.http redirect hook failed (" + t.getClass().getSimpleName() + "); the redirect is not followed");
      return null;
    }
  }

  @Override
  public void okHttpClientBuilding(Object builder) {
    try {
      okHttp.clientBuilding(builder);
    } catch (Throwable t) {
      log.warn("OkHttp hook failed (" + t.getClass().getSimpleName() + "); this client's requests are NOT protected");
    }
  }

  @Override
  public boolean urlConnectionProtectsBody(Object connection) {
    try {
      return urlConnectionRequests.needsWholeBody(connection);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); streaming mode left on");
      return false;
    }
  }

  @Override
  public Object urlConnectionRequestStream(Object connection, Object stream) {
    try {
      return urlConnectionRequests.requestStream(connection, stream);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); request body NOT protected");
      return stream;
    }
  }

  @Override
  public IOException urlConnectionSendRequest(Object connection) {
    try {
      return urlConnectionRequests.sendRequest(connection);
    } catch (Throwable t) {
      // The body may be held back by the agent: going on would send the connection without it.
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); request not sent");
      return new IOException("Takumo Aegis failed (" + t.getClass().getSimpleName() + ") and did not send the request");
    }
  }

  /** Holds HttpURLConnection's provider requests to fail-mode while that class is not woven. */
  BridgeHooks guardingUnwovenUrlConnections(UnwovenConnectionGuard guard) {
    this.unwovenConnectionGuard = guard;
    return this;
  }

  @Override
  public IOException urlConnectionUnwovenWrite(Object url, Object headers) {
    UnwovenConnectionGuard guard = unwovenConnectionGuard;
    if (guard == null) {
      return null;
    }
    try {
      return guard.writing((URL) url, headers);
    } catch (Throwable t) {
      // Armed means the request cannot have been protected: the fail-closed answer.
      log.warn("HttpURLConnection guard failed (" + t.getClass().getSimpleName() + "); request not sent");
      return new IOException("Takumo Aegis failed (" + t.getClass().getSimpleName() + ") and did not send the request");
    }
  }

  UnwovenConnectionGuard unwovenConnectionGuard() {
    return unwovenConnectionGuard;
  }

  /** In gateway mode: readdresses HttpURLConnections for provider hosts to the gateway. */
  BridgeHooks routingUrlConnections(UrlConnectionRouting routing) {
    this.urlConnectionRouting = routing;
    return this;
  }

  BridgeHooks followingOkHttpRedirects(OkHttpRedirects redirects) {
    this.okHttpRedirects = redirects;
    return this;
  }

  BridgeHooks followingApacheRedirects(ApacheRedirects redirects) {
    this.apacheRedirects = redirects;
    return this;
  }

  @Override
  public Object[] apacheRedirectStrategies(Object[] arguments) {
    ApacheRedirects redirects = apacheRedirects;
    if (redirects == null) {
      return arguments;
    }
    try {
      return redirects.guard(arguments);
    } catch (Throwable t) {
      log.warn("Apache redirect hook failed (" + t.getClass().getSimpleName()
          + "); this client may follow a redirect of a routed request");
      return arguments;
    }
  }

  @Override
  public boolean jettyFollowsRedirect(Object request) {
    try {
      return jetty.followsRedirect(request);
    } catch (Throwable t) {
      log.warn("Jetty redirect hook failed (" + t.getClass().getSimpleName() + "); the redirect is not followed");
      return false;
    }
  }

  @Override
  public Object okHttpFollowUp(Object next) {
    OkHttpRedirects redirects = okHttpRedirects;
    if (redirects == null) {
      return next;
    }
    try {
      return redirects.followUp(next);
    } catch (Throwable t) {
      log.warn("OkHttp redirect hook failed (" + t.getClass().getSimpleName() + "); the redirect is not followed");
      return null;
    }
  }

  @Override
  public Object urlOpenConnection(Object url, Object proxy) {
    UrlConnectionRouting routing = urlConnectionRouting;
    if (routing == null) {
      return null;
    }
    try {
      return routing.openConnection(url, proxy);
    } catch (Throwable t) {
      log.warn("URL.openConnection hook failed (" + t.getClass().getSimpleName() + "); connection NOT routed through the gateway");
      return new IOException("Takumo Aegis failed (" + t.getClass().getSimpleName() + ") and did not open the connection");
    }
  }

  @Override
  public Object urlConnectionResponseStream(Object connection, Object stream) {
    try {
      return urlConnectionResponses.responseStream(connection, stream);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); response left as it was");
      return stream;
    }
  }

  @Override
  public boolean jettyRequestSending(Object request, Object listener) {
    try {
      return jetty.requestSending(request, listener);
    } catch (Throwable t) {
      log.warn("Jetty hook failed (" + t.getClass().getSimpleName() + "); request sent as it was");
      return false;
    }
  }

  @Override
  public void jettyConnectFailed(Object destination, Object failure) {
    if (!(failure instanceof Throwable)) {
      return;
    }
    try {
      jetty.connectFailed(destination, (Throwable) failure);
    } catch (Throwable t) {
      log.warn("Jetty hook failed (" + t.getClass().getSimpleName() + "); requests whose connection failed get Jetty's exception");
    }
  }

  @Override
  public Object apache5ClassicRequest(Object client, Object target, Object request) {
    try {
      return apache5.classicRequest(client, target, request);
    } catch (IOException e) {
      return BlockedRequests.forApp(e);
    } catch (Throwable t) {
      log.warn("Apache HttpClient 5 hook failed (" + t.getClass().getSimpleName() + "); request NOT protected");
      return null;
    }
  }

  @Override
  public void jettyResponseHeaders(Object response) {
    try {
      jetty.responseHeaders(response);
    } catch (Throwable t) {
      log.warn("Jetty hook failed (" + t.getClass().getSimpleName() + "); response headers left as they were");
    }
  }

  @Override
  public void apache5ClassicResponse(Object exchange, Object response) {
    try {
      apache5.classicResponse(exchange, response);
    } catch (Throwable t) {
      log.warn("Apache HttpClient 5 hook failed (" + t.getClass().getSimpleName() + "); response left as it was");
    }
  }

  @Override
  public Object jettyResponseContent(Object response, Object source) {
    try {
      return jetty.responseContent(response, source);
    } catch (Throwable t) {
      log.warn("Jetty hook failed (" + t.getClass().getSimpleName() + "); response left as it was");
      return source;
    }
  }

  @Override
  public boolean jettyResponseDecoded(Object response) {
    try {
      return jetty.responseDecoded(response);
    } catch (Throwable t) {
      log.warn("Jetty hook failed (" + t.getClass().getSimpleName() + "); decoded length left as Jetty set it");
      return false;
    }
  }

  @Override
  public Object[] apache5AsyncExchange(Object client, Object target, Object producer, Object consumer) {
    try {
      return apache5.asyncExchange(client, target, producer, consumer);
    } catch (Throwable t) {
      log.warn("Apache HttpClient 5 hook failed (" + t.getClass().getSimpleName() + "); exchange NOT protected");
      return null;
    }
  }

  @Override
  public Object apache5FutureFailed(Object future, Object cause) {
    try {
      return apache5.futureFailed(future, cause);
    } catch (Throwable t) {
      log.warn("Apache HttpClient 5 hook failed (" + t.getClass().getSimpleName() + "); the future fails as the client failed it");
      return cause;
    }
  }

  @Override
  public Object apache4ClassicRequest(Object client, Object target, Object request) {
    try {
      return apache4.classicRequest(client, target, request);
    } catch (IOException e) {
      return BlockedRequests.forApp(e);
    } catch (Throwable t) {
      log.warn("Apache HttpClient 4 hook failed (" + t.getClass().getSimpleName() + "); request NOT protected");
      return null;
    }
  }

  @Override
  public void apache4ClassicResponse(Object exchange, Object response) {
    try {
      apache4.classicResponse(exchange, response);
    } catch (Throwable t) {
      log.warn("Apache HttpClient 4 hook failed (" + t.getClass().getSimpleName() + "); response left as it was");
    }
  }

  @Override
  public Object[] apache4AsyncExchange(Object client, Object producer, Object consumer) {
    try {
      return apache4.asyncExchange(client, producer, consumer);
    } catch (Throwable t) {
      log.warn("Apache HttpAsyncClient 4 hook failed (" + t.getClass().getSimpleName() + "); exchange NOT protected");
      return null;
    }
  }

  @Override
  public Object apache4AsyncCallback(Object exchange, Object callback) {
    try {
      return apache4.asyncCallback(exchange, callback);
    } catch (Throwable t) {
      log.warn("Apache HttpAsyncClient 4 hook failed (" + t.getClass().getSimpleName() + "); its callback is not wrapped");
      return callback;
    }
  }

  @Override
  public Object apache4AsyncFuture(Object exchange, Object future) {
    try {
      return apache4.asyncFuture(exchange, future);
    } catch (Throwable t) {
      log.warn("Apache HttpAsyncClient 4 hook failed (" + t.getClass().getSimpleName() + "); its future is not wrapped");
      return future;
    }
  }

  /** Adds the Netty hook (kept out of the constructor so that other hooks can be added alike). */
  BridgeHooks withNetty(NettyHook hook) {
    this.netty = hook;
    return this;
  }

  @Override
  public void nettyHandlerAdded(Object pipeline, Object handler) {
    NettyHook hook = netty;
    if (hook == null) {
      return;
    }
    try {
      hook.handlerAdded(pipeline, handler);
    } catch (Throwable t) {
      log.warn("Netty hook failed (" + t.getClass().getSimpleName() + "); this connection's requests are NOT protected");
    }
  }

  /** Adds the Netty HTTP/2 connection hook. */
  BridgeHooks withNettyHttp2(Http2Hook hook) {
    this.nettyHttp2 = hook;
    return this;
  }

  @Override
  public void nettyHttp2WriteHeaders(Object encoder, Object ctx, int streamId, Object headers, boolean endStream) {
    Http2Hook hook = nettyHttp2;
    if (hook == null) {
      return;
    }
    try {
      hook.writeHeaders(encoder, ctx, streamId, headers, endStream);
    } catch (Throwable t) {
      log.warn("Netty HTTP/2 hook failed (" + t.getClass().getSimpleName() + "); a request is NOT protected");
    }
  }

  @Override
  public boolean nettyHttp2WriteData(
      Object encoder, Object ctx, int streamId, Object data, int padding, boolean endStream, Object promise) {
    Http2Hook hook = nettyHttp2;
    if (hook == null) {
      return false;
    }
    try {
      return hook.writeData(encoder, ctx, streamId, data, padding, endStream, promise);
    } catch (Throwable t) {
      log.warn("Netty HTTP/2 hook failed (" + t.getClass().getSimpleName() + "); a request is NOT protected");
      return false;
    }
  }

  @Override
  public Object nettyHttp2FrameListenerSet(Object decoder, Object listener) {
    Http2Hook hook = nettyHttp2;
    if (hook == null) {
      return listener;
    }
    try {
      return hook.frameListenerSet(decoder, listener);
    } catch (Throwable t) {
      log.warn("Netty HTTP/2 hook failed (" + t.getClass().getSimpleName() + "); responses on a connection are not restored");
      return listener;
    }
  }

  @Override
  public Object nettyHttp2FrameListenerGot(Object listener) {
    Http2Hook hook = nettyHttp2;
    return hook == null ? listener : hook.unwrap(listener);
  }

  @Override
  public int nettyHttp2BytesConsumed(Object ctx, Object stream, int numBytes) {
    Http2Hook hook = nettyHttp2;
    if (hook == null) {
      return numBytes;
    }
    try {
      return hook.bytesConsumed(ctx, stream, numBytes);
    } catch (Throwable t) {
      log.warn("Netty HTTP/2 hook failed (" + t.getClass().getSimpleName() + "); flow control left as it was");
      return numBytes;
    }
  }

  @Override
  public Object gatewayTarget(Object exchange) {
    try {
      return exchange instanceof RoutedExchange ? ((RoutedExchange) exchange).gatewayTarget() : null;
    } catch (Throwable t) {
      log.warn("gateway routing hook failed (" + t.getClass().getSimpleName() + "); the request goes to the address the app gave");
      return null;
    }
  }

  @Override
  public void gatewayExchangeEnded(Object exchange) {
    try {
      if (exchange instanceof RoutedExchange) {
        ((RoutedExchange) exchange).ended();
      }
    } catch (Throwable t) {
      log.warn("gateway routing hook failed (" + t.getClass().getSimpleName() + ") putting the app's request back");
    }
  }

  /** Adds gateway routing for Reactor Netty (gateway mode only). */
  BridgeHooks routingReactorNetty(ReactorNettyRouting routing) {
    this.reactorNettyRouting = routing;
    return this;
  }

  @Override
  public void reactorNettyClientHandler(Object handler) {
    ReactorNettyRouting routing = reactorNettyRouting;
    if (routing == null) {
      return;
    }
    try {
      routing.handlerCreated(handler);
    } catch (Throwable t) {
      log.warn("Reactor Netty gateway routing failed (" + t.getClass().getSimpleName() + "); this request goes straight to the provider");
    }
  }

  @Override
  public void reactorNettyRequest(Object handler, Object operations) {
    ReactorNettyRouting routing = reactorNettyRouting;
    if (routing == null) {
      return;
    }
    try {
      routing.requestBuilding(handler, operations);
    } catch (Throwable t) {
      log.warn("Reactor Netty gateway routing failed (" + t.getClass().getSimpleName() + "); this request goes to the gateway without its headers");
    }
  }

  @Override
  public boolean reactorNettyFailed(Object handler, Object failure) {
    ReactorNettyRouting routing = reactorNettyRouting;
    if (routing == null || !(failure instanceof Throwable)) {
      return false;
    }
    try {
      return routing.failed(handler, (Throwable) failure);
    } catch (Throwable t) {
      log.debug("a Reactor Netty failure could not be checked for a gateway drop (" + t.getClass().getSimpleName() + ")");
      return false;
    }
  }

  /** Adds gateway routing for Vert.x (gateway mode only). */
  BridgeHooks routingVertx(VertxRouting routing) {
    this.vertxRouting = routing;
    return this;
  }

  /** In gateway mode: handles routed requests whose connection to the gateway fails mid-session. */
  BridgeHooks handlingGatewayDrops(Engine engine) {
    this.gatewayDrops = engine;
    this.urlConnectionFallback = new UrlConnectionFallback(engine);
    return this;
  }

  @Override
  public Object[] vertxRequest(Object client, Object options, Object promise) {
    VertxRouting routing = vertxRouting;
    if (routing == null) {
      return null;
    }
    try {
      return routing.request(client, options, promise);
    } catch (Throwable t) {
      log.warn("Vert.x gateway routing failed (" + t.getClass().getSimpleName() + "); this request goes straight to the provider");
      return null;
    }
  }

  @Override
  public Object vertxRequestStarted(Object exchange, Object future) {
    VertxRouting routing = vertxRouting;
    if (routing == null) {
      return future;
    }
    try {
      return routing.started(exchange, future);
    } catch (Throwable t) {
      log.warn("Vert.x gateway routing failed (" + t.getClass().getSimpleName()
          + "); a failed connection to the gateway is not reported for this request");
      return future;
    }
  }

  @Override
  public Object[] vertxConnect(Object client, Object options) {
    VertxRouting routing = vertxRouting;
    if (routing == null) {
      return null;
    }
    try {
      return routing.connect(client, options);
    } catch (Throwable t) {
      log.warn("Vert.x gateway routing failed (" + t.getClass().getSimpleName()
          + "); this connection goes straight to the provider");
      return null;
    }
  }

  @Override
  public Object vertxConnected(Object exchange, Object future) {
    VertxRouting routing = vertxRouting;
    if (routing == null) {
      return future;
    }
    try {
      return routing.connected(exchange, future);
    } catch (Throwable t) {
      log.warn("Vert.x gateway routing failed (" + t.getClass().getSimpleName()
          + "); requests on a connection opened to the gateway go without the route's headers, and the gateway refuses them");
      return future;
    }
  }

  @Override
  public Object jdkHttpClientSent(Object exchange, Object client, Object future, Object pushHandler) {
    try {
      return JdkHttpClientExchange.sent(exchange, client, future, pushHandler);
    } catch (Throwable t) {
      log.warn("java.net.http hook failed (" + t.getClass().getSimpleName() + "); a failed connection to the gateway is not retried");
      return future;
    }
  }

  @Override
  public Object urlConnectionConnectFailed(Object connection, Throwable thrown) {
    UrlConnectionFallback fallback = urlConnectionFallback;
    if (fallback == null) {
      return null;
    }
    try {
      return fallback.connectFailed(connection, thrown);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); a failed connection to the gateway is not retried");
      return null;
    }
  }

  @Override
  public Throwable urlConnectionReconnect(Object connection) {
    UrlConnectionFallback fallback = urlConnectionFallback;
    if (fallback == null) {
      return null;
    }
    try {
      return fallback.reconnect(connection);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); the connection is not sent");
      return new IOException("Takumo Aegis failed (" + t.getClass().getSimpleName() + ") and did not send the request");
    }
  }

  @Override
  public Throwable gatewayExchangeFailed(Object exchange, Throwable thrown) {
    Engine engine = gatewayDrops;
    if (engine == null || !(exchange instanceof ClassicExchange)) {
      return thrown;
    }
    try {
      return GatewayDrops.classicFailed(engine, (ClassicExchange<?>) exchange, thrown);
    } catch (Throwable t) {
      log.warn("gateway routing hook failed (" + t.getClass().getSimpleName() + ") on a failed request");
      return thrown;
    }
  }

  @Override
  public Object gatewayExchangeResent(Object exchange, Object client, Object request, Object context) {
    Engine engine = gatewayDrops;
    if (engine == null || !(exchange instanceof ClassicExchange)) {
      return null;
    }
    return GatewayDrops.classicResent(engine, (ClassicExchange<?>) exchange, client, request, context);
  }

  @Override
  public Object urlConnectionTlsFailed(Object connection, Throwable thrown) {
    UrlConnectionFallback fallback = urlConnectionFallback;
    if (fallback == null) {
      return null;
    }
    try {
      return fallback.tlsFailed(connection, thrown);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName()
          + "); a failed TLS handshake with the gateway is not retried");
      return null;
    }
  }

  @Override
  public Throwable urlConnectionReconnectTls(Object connection) {
    UrlConnectionFallback fallback = urlConnectionFallback;
    if (fallback == null) {
      return null;
    }
    try {
      return fallback.reconnectTls(connection);
    } catch (Throwable t) {
      log.warn("HttpURLConnection hook failed (" + t.getClass().getSimpleName() + "); the connection is not sent");
      return new IOException("Takumo Aegis failed (" + t.getClass().getSimpleName() + ") and did not send the request");
    }
  }
}
