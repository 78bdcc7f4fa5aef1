package io.takumo.aegis.instrument.netty;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayAnswers;
import io.takumo.aegis.instrument.RouteTickets;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Locale;

/**
 * The agent's Netty handler, one per connection, sitting right after the {@code HttpClientCodec}
 * behind a {@link java.lang.reflect.Proxy} that implements Netty's inbound and outbound handler
 * interfaces. Outbound, it holds back each provider request until its last content, then writes
 * it once with the protected body and a matching Content-Length. Inbound, it restores the content
 * of provider responses as it arrives. Every other message and event passes on unchanged.
 *
 * <p>Netty calls a handler on its channel's event loop only, so it needs no locking.
 */
final class HttpExchangeHandler implements InvocationHandler {

  private static final String NOT_PROVIDER = "";

  /** A request sent, as its response will need it. */
  private static final class Sent {
    /** The provider host (or NOT_PROVIDER), or the GatewayRoute. */
    final Object hostOrRoute;
    /** Null for a request not to a provider. */
    final RestoreScope scope;

    Sent(Object hostOrRoute, RestoreScope scope) {
      this.hostOrRoute = hostOrRoute;
      this.scope = scope;
    }
  }

  private final NettyApi api;
  private final Engine engine;
  /** Each request sent on this connection; HTTP/1.1 responses come back in order. */
  private final ArrayDeque<Sent> responseHosts = new ArrayDeque<>();
  private HeldRequest held;
  /** The gateway route of the held request, or null. */
  private GatewayRoute heldRoute;
  /**
   * Gateway mode (Reactor Netty): the GatewayRoute of the next request written, or the IOException
   * that blocks it; set from the client just before it writes the request.
   */
  private volatile Object expected;
  /** The rest of a request that goes out unchanged, or (blocked) is dropped, up to its last content. */
  private boolean passingOn;
  private Throwable blocked;
  private ResponseRestorer restorer;
  private String restoringHost;
  private boolean swallowedRead;

  HttpExchangeHandler(NettyApi api, Engine engine) {
    this.api = api;
    this.engine = engine;
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "write":
        write(args[0], args[1], args[2]);
        return null;
      case "channelRead":
        channelRead(args[0], args[1]);
        return null;
      case "channelReadComplete":
        channelReadComplete(args[0]);
        return null;
      case "handlerAdded":
        return null;
      case "handlerRemoved":
        dropHeld(new java.nio.channels.ClosedChannelException());
        return null;
      case "equals":
        return proxy == args[0];
      case "hashCode":
        return System.identityHashCode(proxy);
      case "toString":
        return "TakumoAegisHttpHandler";
      default:
        return forward(method, args);
    }
  }

  private Object forward(Method method, Object[] args) throws Throwable {
    Object[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
    try {
      api.forwardOf(method).invoke(args[0], rest);
      return null;
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Gateway mode: the next request written on this connection takes {@code routeOrBlocked}. */
  void expect(Object routeOrBlocked) {
    expected = routeOrBlocked;
  }

  /**
   * Gateway mode: the route of the request being written, taken once; null for a request not
   * routed. Throws the IOException that blocks it, if the gateway is unreachable.
   */
  private GatewayRoute expectedRoute() throws java.io.IOException {
    Object routeOrBlocked = expected;
    expected = null;
    if (routeOrBlocked instanceof java.io.IOException) {
      throw (java.io.IOException) routeOrBlocked;
    }
    return (GatewayRoute) routeOrBlocked;
  }

  /**
   * Gateway mode (Vert.x): the route of a request the client readdressed, by the ticket it carries
   * (see {@link RouteTickets}); the ticket header is removed, whatever it names. Null if the route
   * was lost.
   */
  private GatewayRoute ticketedRoute(Object headers, String ticket) throws Throwable {
    Object same = (Object) api.headerRemove.invokeExact(headers, (Object) RouteTickets.HEADER);
    GatewayRoute route = RouteTickets.take(ticket);
    if (route == null) {
      engine.log().warn("a request readdressed to the Takumo gateway lost its route before it went out (too many"
          + " requests waiting for a connection); it goes without the route's headers, and the gateway refuses it");
    }
    return route;
  }

  /** Sets the route's headers (if any) on a request not held back: its body unread, UNSIGNED-PAYLOAD. */
  private void unreadRouteHeaders(Object request, Object headers, GatewayRoute route) throws Throwable {
    if (route == null) {
      return;
    }
    String method = (String) (Object) api.methodName.invokeExact((Object) api.method.invokeExact(request));
    java.util.Map<String, String> routeHeaders = route.headers(method, null, GatewayAnswers.lenient(name -> header(headers, name)));
    for (java.util.Map.Entry<String, String> h : routeHeaders.entrySet()) {
      Object same = (Object) api.headerSet.invokeExact(headers, (Object) h.getKey(), (Object) h.getValue());
    }
  }

  /** Sets the route of the held request (if it has one) on it, signed over {@code sentBody} (null: unread). */
  private void routeHeaders(HeldRequest request, byte[] sentBody) throws Throwable {
    GatewayRoute route = heldRoute;
    heldRoute = null;
    if (route == null) {
      return;
    }
    java.util.Map<String, String> routeHeaders = route.headers(request.method(), sentBody, GatewayAnswers.lenient(request::header));
    for (java.util.Map.Entry<String, String> h : routeHeaders.entrySet()) {
      request.setHeader(h.getKey(), h.getValue());
    }
  }


  // ---- outbound ----

  private void write(Object ctx, Object msg, Object promise) throws Throwable {
    if (held != null) {
      hold(ctx, msg, promise);
      return;
    }
    if (passingOn || blocked != null) {
      passOnRest(ctx, msg, promise);
      return;
    }
    if (api.httpRequest.isInstance(msg)) {
      String host;
      try {
        host = startRequest(ctx, msg);
      } catch (java.io.IOException e) {
        // Blocked before anything was held: drop this message and the rest of its request.
        blocked = e;
        passOnRest(ctx, msg, promise);
        failExchange(ctx, e);
        return;
      }
      if (host != null) {
        // The request just started is the last one queued: its scope is there.
        held = new HeldRequest(api, host, responseHosts.peekLast().scope, msg);
        hold(ctx, msg, promise);
        return;
      }
    }
    Object ignored = (Object) api.write.invokeExact(ctx, msg, promise);
  }

  /** Returns the provider host if this request's body is to be protected, else null. */
  private String startRequest(Object ctx, Object request) throws Throwable {
    Object headers = (Object) api.headers.invokeExact(request);
    HostAndPort target = target(ctx, request, headers);
    boolean provider = target != null && engine.isProviderHost(target.host, target.port)
        && !engine.leavesUntouched(target.host, header(headers, "Authorization"));
    // Gateway mode: a routed request's Host is the gateway; its provider host is the route's.
    GatewayRoute route = expectedRoute();
    String ticket = header(headers, RouteTickets.HEADER);
    GatewayRoute ticketed = ticket == null ? null : ticketedRoute(headers, ticket);
    if (ticketed != null) {
      route = ticketed;
    }
    // A request readdressed to the gateway whose route was lost is still a provider request: its
    // body is protected.
    boolean readdressed = ticket != null && target != null;
    String host = route != null ? route.host() : provider || readdressed ? target.host : null;
    responseHosts.add(host == null ? new Sent(NOT_PROVIDER, null)
        : new Sent(route != null ? route : host, engine.scopeFor((String) (Object) api.uri.invokeExact(request))));
    if (host == null) {
      return null;
    }
    if (io.takumo.aegis.rewrite.BodyKind.isOpaque(header(headers, "Content-Type"))) {
      unreadRouteHeaders(request, headers, route);
      return null;
    }
    String expect = header(headers, "Expect");
    if (expect != null && expect.toLowerCase(Locale.ROOT).contains("100-continue")) {
      // The client sends the body only once the server answers the headers: it cannot be held back.
      engine.cannotProtect(host, "the request waits for 100-continue before sending its body");
      unreadRouteHeaders(request, headers, route);
      return null;
    }
    heldRoute = route;
    return host;
  }

  /**
   * Where the request goes: its Host header, else the authority of an absolute-form URI, else the
   * peer the channel is connected to (by the name it was given, if any). A request without a Host
   * header must not slip past as "not a provider".
   */
  private HostAndPort target(Object ctx, Object request, Object headers) throws Throwable {
    HostAndPort target = HostAndPort.parse(header(headers, "Host"));
    if (target == null) {
      target = HostAndPort.ofAbsoluteUri((String) (Object) api.uri.invokeExact(request));
    }
    if (target == null) {
      Object peer = (Object) api.remoteAddress.invokeExact((Object) api.channel.invokeExact(ctx));
      if (peer instanceof java.net.InetSocketAddress) {
        java.net.InetSocketAddress address = (java.net.InetSocketAddress) peer;
        target = HostAndPort.of(address.getHostString(), address.getPort());
      }
    }
    return target;
  }

  private void hold(Object ctx, Object msg, Object promise) throws Throwable {
    HeldRequest request = held;
    boolean last = api.lastHttpContent.isInstance(msg);
    if (!request.add(msg, promise, last)) {
      held = null;
      giveUp(ctx, request, "the request body is not in a form the agent can read (" + msg.getClass().getSimpleName() + ")", last);
      return;
    }
    if (request.size() > engine.maxBodySize()) {
      held = null;
      giveUp(ctx, request, "request body is over max-body-size (" + engine.maxBodySize() + " bytes)", last);
      return;
    }
    if (last) {
      held = null;
      send(ctx, request);
    }
  }

  /** Fail-mode closed: fails the request unsent; open: sends what was held, and the rest, as it is. */
  private void giveUp(Object ctx, HeldRequest request, String reason, boolean last) throws Throwable {
    try {
      engine.cannotProtect(request.host, reason);
    } catch (java.io.IOException e) {
      request.fail(e);
      blocked = last ? null : e;
      failExchange(ctx, e);
      return;
    }
    routeHeaders(request, null);
    request.writeAsHeld(ctx);
    passingOn = !last;
  }

  private void send(Object ctx, HeldRequest request) throws Throwable {
    byte[] body;
    try {
      body = request.body();
    } catch (Throwable t) {
      request.release();
      throw t;
    }
    byte[] sent;
    try {
      sent = engine.protectRequest(request.host, request.header("Content-Type"), request.header("Content-Encoding"), body,
          request.scope);
    } catch (java.io.IOException e) {
      request.fail(e);
      failExchange(ctx, e);
      return;
    }
    if (sent != body) {
      // The length it goes out with (writeWithBody frames it so), before the route's signature covers it.
      request.setHeader("Content-Length", String.valueOf(sent.length));
    }
    routeHeaders(request, sent);
    if (sent == body) {
      request.writeAsHeld(ctx);
    } else {
      request.writeWithBody(ctx, sent);
    }
  }

  /**
   * Tells the client that its exchange failed (not every client watches its write promises), then
   * closes the connection, which is waiting for a response to a request that never went out.
   */
  private void failExchange(Object ctx, Throwable reason) throws Throwable {
    Object ignored = (Object) api.fireExceptionCaught.invokeExact(ctx, (Object) reason);
    ignored = (Object) api.close.invokeExact(ctx);
  }

  private void passOnRest(Object ctx, Object msg, Object promise) throws Throwable {
    boolean last = api.lastHttpContent.isInstance(msg);
    if (blocked != null) {
      Throwable reason = blocked;
      if (last) {
        blocked = null;
      }
      Object ignored = (Object) api.release.invokeExact(msg);
      HeldRequest.failPromise(api, promise, reason);
      return;
    }
    if (last) {
      passingOn = false;
    }
    Object ignored = (Object) api.write.invokeExact(ctx, msg, promise);
  }

  private void dropHeld(Throwable reason) throws Throwable {
    HeldRequest request = held;
    held = null;
    if (request != null) {
      request.fail(reason);
    }
  }

  // ---- inbound ----

  private void channelRead(Object ctx, Object msg) throws Throwable {
    if (api.httpResponse.isInstance(msg)) {
      startResponse(msg);
    }
    ResponseRestorer r = restorer;
    if (r == null || !api.httpContent.isInstance(msg)) {
      Object ignored = (Object) api.fireChannelRead.invokeExact(ctx, msg);
      return;
    }
    boolean last = api.lastHttpContent.isInstance(msg);
    if (last) {
      restorer = null;
    }
    byte[] restored;
    try {
      byte[] chunk = bytesOf((Object) api.content.invokeExact(msg));
      restored = r.update(chunk, 0, chunk.length);
      if (last) {
        restored = concat(restored, r.finish());
      }
    } catch (Throwable t) {
      restorer = null;
      engine.restoreFailed(restoringHost, t);
      Object ignored = (Object) api.fireChannelRead.invokeExact(ctx, msg);
      return;
    }
    if (restored.length == 0 && !last && !api.httpResponse.isInstance(msg)) {
      // Nothing to pass on yet (a token split across chunks): like a decoder, read on if need be.
      Object ignored = (Object) api.release.invokeExact(msg);
      swallowedRead = true;
      return;
    }
    Object replaced = (Object) api.replace.invokeExact(msg, (Object) api.wrappedBuffer.invokeExact((Object) restored));
    Object ignored = (Object) api.release.invokeExact(msg);
    ignored = (Object) api.fireChannelRead.invokeExact(ctx, replaced);
  }

  private void startResponse(Object response) throws Throwable {
    int code = (Integer) (Object) api.statusCode.invokeExact((Object) api.status.invokeExact(response));
    if (code >= 100 && code < 200 && code != 101) {
      return; // informational: the final response to the same request follows
    }
    Sent request = responseHosts.poll();
    Object sent = request == null ? null : request.hostOrRoute;
    restorer = null;
    Object headers = (Object) api.headers.invokeExact(response);
    String host;
    if (sent instanceof GatewayRoute) {
      GatewayRoute route = (GatewayRoute) sent;
      GatewayAnswers.report(engine, route, code, name -> header(headers, name));
      host = route.host();
    } else {
      host = (String) sent;
    }
    if (host == null || host.isEmpty()) {
      return;
    }
    ResponseRestorer r =
        engine.restorerFor(host, header(headers, "Content-Type"), header(headers, "Content-Encoding"), request.scope);
    if (r != null) {
      // Restoring changes the length; the codec has framed the body already, the app must not trust it.
      Object ignored = (Object) api.headerRemove.invokeExact(headers, (Object) "Content-Length");
      restorer = r;
      restoringHost = host;
    }
  }

  private void channelReadComplete(Object ctx) throws Throwable {
    if (swallowedRead) {
      swallowedRead = false;
      Object config = (Object) api.config.invokeExact((Object) api.channel.invokeExact(ctx));
      if (!(Boolean) (Object) api.isAutoRead.invokeExact(config)) {
        Object ignored = (Object) api.read.invokeExact(ctx);
      }
    }
    Object ignored = (Object) api.fireChannelReadComplete.invokeExact(ctx);
  }

  private byte[] bytesOf(Object buf) throws Throwable {
    int length = (Integer) (Object) api.readableBytes.invokeExact(buf);
    byte[] bytes = new byte[length];
    Object ignored = (Object) api.getBytes.invokeExact(buf, (Object) api.readerIndex.invokeExact(buf), (Object) bytes);
    return bytes;
  }

  private String header(Object headers, String name) throws Throwable {
    return (String) (Object) api.headerGet.invokeExact(headers, (Object) name);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (b.length == 0) {
      return a;
    }
    if (a.length == 0) {
      return b;
    }
    byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
