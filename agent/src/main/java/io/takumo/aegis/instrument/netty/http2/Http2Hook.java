package io.takumo.aegis.instrument.netty.http2;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.RouteTickets;
import io.takumo.aegis.instrument.netty.HostAndPort;
import io.takumo.aegis.rewrite.BodyKind;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * Protects provider requests sent through Netty's HTTP/2 connection encoder, as Vert.x's HTTP/2
 * client does (it drives {@code Http2ConnectionHandler}'s encoder and decoder directly, without a
 * per-stream codec for the pipeline hook to sit after). A request whose {@code :authority} names a
 * provider host goes out with its headers (minus {@code content-length}); its DATA frames are held
 * back to the end of the stream, then written once with the protected body. Its response is
 * restored by a listener set between the decoder and the client's own.
 *
 * <p>In gateway mode a Vert.x request readdressed to the gateway carries a route ticket (see
 * {@code VertxRouting}): its headers get the route's, and its response is reported to the gateway
 * client as well as restored.
 *
 * <p>Connections driven by {@code Http2FrameCodec} are left to the pipeline hook, which sits after
 * each stream's {@code Http2StreamFrameToHttpObjectCodec} (Reactor Netty): protecting them here too
 * would scan each request twice.
 */
public final class Http2Hook {

  private final Engine engine;
  private final ClassValue<Http2Api> apis =
      new ClassValue<Http2Api>() {
        @Override
        protected Http2Api computeValue(Class<?> nettyType) {
          return bind(nettyType);
        }
      };

  public Http2Hook(Engine engine) {
    this.engine = engine;
  }

  // ---- requests ----

  /** On entry to {@code DefaultHttp2ConnectionEncoder.writeHeaders}. */
  public void writeHeaders(Object encoder, Object ctx, int streamId, Object headers, boolean endStream) throws Throwable {
    Http2Api api = apis.get(encoder.getClass());
    if (api == null) {
      return;
    }
    String method = api.header(headers, ":method");
    if (method == null) {
      trailers(api, encoder, ctx, streamId);
      return;
    }
    // Gateway mode (Vert.x): a routed request's :authority is the gateway; its provider host is the route's.
    String ticket = api.header(headers, RouteTickets.HEADER);
    GatewayRoute route = ticket == null ? null : ticketedRoute(api, headers, ticket);
    String host;
    if (route != null) {
      host = route.host();
    } else {
      String authority = api.header(headers, ":authority");
      HostAndPort target = HostAndPort.parse(authority != null ? authority : api.header(headers, "host"));
      // A request readdressed to the gateway whose route was lost is still a provider request: its body is protected.
      boolean readdressed = ticket != null;
      if (target == null || !readdressed && (!engine.isProviderHost(target.host, target.port)
          || engine.leavesUntouched(target.host, api.header(headers, "authorization"))
          || api.frameCodec.isInstance((Object) api.handler.invokeExact(ctx))
          || (Boolean) (Object) api.isServer.invokeExact((Object) api.encoderConnection.invokeExact(encoder)))) {
        return;
      }
      host = target.host;
    }
    String contentType = api.header(headers, "content-type");
    boolean holding = !endStream && !BodyKind.isOpaque(contentType);
    if (holding && !engine.observing()) {
      // The body is written once it is protected, with another length: let END_STREAM frame it.
      // (Mode observe sends it unchanged, header included.)
      boolean ignored = (Boolean) (Object) api.headerRemove.invokeExact(headers, (Object) "content-length");
    }
    if (route != null) {
      routeHeaders(api, headers, method, route, endStream);
    }
    exchanges(api, encoder, ctx).put(streamId,
        new StreamExchange(host, route, engine.scopeFor(api.header(headers, ":path")), contentType,
            api.header(headers, "content-encoding"), holding));
  }

  /**
   * The route of a request the client readdressed to the gateway, by the ticket it carries (see
   * {@link RouteTickets}); the ticket header is removed, whatever it names. Null if the route was lost.
   */
  private GatewayRoute ticketedRoute(Http2Api api, Object headers, String ticket) throws Throwable {
    boolean ignored = (Boolean) (Object) api.headerRemove.invokeExact(headers, (Object) RouteTickets.HEADER);
    GatewayRoute route = RouteTickets.take(ticket);
    if (route == null) {
      engine.log().warn("a request readdressed to the Takumo gateway lost its route before it went out (too many"
          + " requests waiting for a connection); it goes without the route's headers, and the gateway refuses it");
    }
    return route;
  }

  /**
   * Adds the route's headers (names in lower case, as HTTP/2 requires). They go out now, before
   * the body is protected: signed over the empty body when the headers end the stream, else with
   * UNSIGNED-PAYLOAD and the request's own method (the protocol's rule for a body the agent cannot
   * digest before the head is sent).
   */
  private static void routeHeaders(Http2Api api, Object headers, String method, GatewayRoute route, boolean endStream)
      throws Throwable {
    java.util.Map<String, String> routeHeaders =
        route.headers(method, endStream ? new byte[0] : null, GatewayAnswers.lenient(name -> api.header(headers, name)));
    for (java.util.Map.Entry<String, String> h : routeHeaders.entrySet()) {
      Object same = (Object) api.headerSet.invokeExact(headers, (Object) h.getKey().toLowerCase(java.util.Locale.ROOT),
          (Object) h.getValue());
    }
  }

  /** Trailing headers end the stream: the body held so far goes out first. */
  private void trailers(Http2Api api, Object encoder, Object ctx, int streamId) throws Throwable {
    ClientConnection connection = api.exchangesOf(ctx);
    StreamExchange exchange = connection == null ? null : connection.get(streamId);
    if (exchange != null && exchange.holding()) {
      send(api, encoder, ctx, streamId, exchange, false, null);
    }
  }

  private ClientConnection exchanges(Http2Api api, Object encoder, Object ctx) throws Throwable {
    ClientConnection existing = api.exchangesOf(ctx);
    if (existing != null) {
      return existing;
    }
    ClientConnection created = api.exchangesOf(ctx, new ClientConnection(api));
    Object listener = Proxy.newProxyInstance(api.loader, new Class<?>[] {api.connectionListener},
        created);
    Object ignored = (Object) api.addListener.invokeExact((Object) api.encoderConnection.invokeExact(encoder), listener);
    return created;
  }

  /** On entry to {@code DefaultHttp2ConnectionEncoder.writeData}: returns true if it took the frame. */
  public boolean writeData(Object encoder, Object ctx, int streamId, Object data, int padding, boolean endStream,
      Object promise) throws Throwable {
    Http2Api api = apis.get(encoder.getClass());
    ClientConnection connection = api == null ? null : api.exchangesOf(ctx);
    StreamExchange exchange = connection == null ? null : connection.get(streamId);
    if (exchange == null) {
      return false;
    }
    if (exchange.blocked != null) {
      Object ignored = (Object) api.release.invokeExact(data);
      api.failPromise(promise, exchange.blocked);
      return true;
    }
    if (!exchange.holding()) {
      return false;
    }
    exchange.hold(api, data, padding);
    try {
      if (!endStream) {
        // Taken in, as a buffering encoder does: the client may wait for it before writing the next.
        api.succeedPromise(promise);
      }
      if (exchange.size() > engine.maxBodySize()) {
        giveUp(api, encoder, ctx, streamId, exchange, endStream, promise,
            "request body is over max-body-size (" + engine.maxBodySize() + " bytes)");
      } else if (endStream) {
        send(api, encoder, ctx, streamId, exchange, true, promise);
      }
    } catch (Throwable t) {
      // The frame is the agent's now: the original writeData must not see it, so fail mode decides.
      String reason = "internal error (" + t.getClass().getSimpleName() + ")";
      if (exchange.holding()) {
        giveUp(api, encoder, ctx, streamId, exchange, endStream, promise, reason);
      } else if (exchange.blocked == null) {
        block(api, ctx, streamId, exchange, engine.blocked(exchange.host, reason), endStream ? promise : null);
      }
    }
    return true;
  }

  private void send(Http2Api api, Object encoder, Object ctx, int streamId, StreamExchange exchange,
      boolean endStream, Object promise) throws Throwable {
    byte[] body = exchange.takeBody(api);
    byte[] sent;
    try {
      sent = engine.protectRequest(exchange.host, exchange.contentType, exchange.contentEncoding, body, exchange.scope);
    } catch (java.io.IOException e) {
      block(api, ctx, streamId, exchange, e, promise);
      return;
    }
    Object ignored = (Object) api.writeData.invokeExact(encoder, ctx, (Object) streamId,
        (Object) api.wrappedBuffer.invokeExact((Object) sent), (Object) 0, (Object) endStream,
        promise != null ? promise : (Object) api.newPromise.invokeExact(ctx));
  }

  /** Fail-mode closed: the request is refused unsent; open: what was held goes out as it came. */
  private void giveUp(Http2Api api, Object encoder, Object ctx, int streamId, StreamExchange exchange,
      boolean endStream, Object promise, String reason) throws Throwable {
    try {
      engine.cannotProtect(exchange.host, reason);
    } catch (java.io.IOException e) {
      exchange.release(api);
      block(api, ctx, streamId, exchange, e, endStream ? promise : null);
      return;
    }
    List<Object[]> frames = exchange.takeFrames();
    for (int i = 0; i < frames.size(); i++) {
      boolean last = endStream && i == frames.size() - 1;
      Object ignored = (Object) api.writeData.invokeExact(encoder, ctx, (Object) streamId, frames.get(i)[0],
          frames.get(i)[1], (Object) last, last ? promise : (Object) api.newPromise.invokeExact(ctx));
    }
  }

  /**
   * Drops the rest of the request and fails its stream with the agent's exception: the client
   * hears of it as a stream error (Vert.x fails the request with it), the server gets RST_STREAM
   * after the headers, never a byte of the body.
   */
  private void block(Http2Api api, Object ctx, int streamId, StreamExchange exchange, java.io.IOException reason,
      Object promise) throws Throwable {
    exchange.blocked = reason;
    api.failPromise(promise, reason);
    Object handler = (Object) api.handler.invokeExact(ctx);
    Executor loop = (Executor) (Object) api.executor.invokeExact(ctx);
    // Later on the event loop: not from inside the client's own write call.
    loop.execute(new Runnable() {
      @Override
      public void run() {
        try {
          if (api.connectionHandler.isInstance(handler)) {
            Object error = (Object) api.streamError.invokeExact((Object) streamId, api.cancel, (Object) reason,
                (Object) "%s", (Object) new Object[] {reason.getMessage()});
            Object ignored = (Object) api.onError.invokeExact(handler, ctx, (Object) true, error);
          } else {
            Object ignored = (Object) api.close.invokeExact(ctx);
          }
        } catch (Throwable t) {
          engine.log().warn("could not fail a blocked HTTP/2 request's stream (" + t.getClass().getSimpleName()
              + "); its body was not sent");
        }
      }
    });
  }

  // ---- responses ----

  /** On entry to {@code DefaultHttp2ConnectionDecoder.frameListener(listener)}. */
  public Object frameListenerSet(Object decoder, Object listener) throws Throwable {
    if (listener == null || unwrap(listener) != listener) {
      return listener;
    }
    Http2Api api = apis.get(decoder.getClass());
    if (api == null || (Boolean) (Object) api.isServer.invokeExact((Object) api.decoderConnection.invokeExact(decoder))) {
      return listener;
    }
    return Proxy.newProxyInstance(api.loader, new Class<?>[] {api.frameListener},
        new RestoringFrameListener(api, engine, listener));
  }

  /** The client's own listener where the agent's stands in for it. */
  public Object unwrap(Object listener) {
    if (listener != null && Proxy.isProxyClass(listener.getClass())
        && Proxy.getInvocationHandler(listener) instanceof RestoringFrameListener) {
      return ((RestoringFrameListener) Proxy.getInvocationHandler(listener)).appListener;
    }
    return listener;
  }

  /** On entry to {@code DefaultHttp2LocalFlowController.consumeBytes(stream, numBytes)}. */
  public int bytesConsumed(Object ctx, Object stream, int numBytes) throws Throwable {
    if (ctx == null || stream == null) {
      return numBytes;
    }
    Http2Api api = apis.get(stream.getClass());
    ClientConnection connection = api == null ? null : api.exchangesOf(ctx);
    StreamExchange exchange = connection == null ? null : connection.get((Integer) (Object) api.streamId.invokeExact(stream));
    return exchange == null ? numBytes : exchange.received(numBytes);
  }

  private Http2Api bind(Class<?> nettyType) {
    try {
      return new Http2Api(nettyType.getClassLoader());
    } catch (Throwable e) {
      engine.log().warn("this Netty HTTP/2 is a version the agent does not know (" + e.getClass().getSimpleName()
          + "); HTTP/2 requests sent through its connection encoder are NOT protected");
      return null;
    }
  }
}
