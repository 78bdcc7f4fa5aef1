package io.takumo.aegis.instrument.jetty;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.engine.RequestBlockedException;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.BlockedRequests;
import io.takumo.aegis.rewrite.BodyKind;
import io.takumo.aegis.scope.RestoreScope;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Protects the body of each Jetty request to a provider host before it is sent. The body is read
 * without blocking; if the app is still writing it (Spring's {@code JettyClientHttpRequest} writes
 * into an {@code OutputStreamRequestContent} after {@code send}), the agent takes the send over and
 * sends the request itself once the last byte is in. Either way the request goes out with the
 * protected bytes as an in-memory body, so Jetty sends the right {@code Content-Length}.
 */
final class JettyRequests {

  /** Marks a request whose body the agent has already taken care of. */
  static final String HANDLED = "io.takumo.aegis.jetty.handled";
  /** The request's restore scope, for its response: the request object is the exchange. */
  static final String SCOPE = "io.takumo.aegis.jetty.scope";

  private final JettyTypes jetty;
  private final Engine engine;
  /** Null unless in gateway mode. */
  private final JettyRouting routing;

  JettyRequests(JettyTypes jetty, Engine engine, JettyRouting routing) {
    this.jetty = jetty;
    this.engine = engine;
    this.routing = routing;
  }

  /**
   * Called on entry to {@code send(listener)}. Returns true if the agent took the send over (the
   * original {@code send} must then do nothing), false to let it go on.
   */
  boolean sending(Object request, Object listener) throws Throwable {
    String host = (String) (Object) jetty.requestHost.invokeExact(request);
    if (!engine.isProviderHost(host, (Integer) (Object) jetty.requestPort.invokeExact(request))
        || engine.leavesUntouched(host, jetty.header((Object) jetty.requestHeaders.invokeExact(request), "Authorization"))) {
      return false;
    }
    if (jetty.attributes(request).containsKey(HANDLED)) {
      return false;
    }
    RestoreScope scope = engine.scopeFor((String) (Object) jetty.requestPath.invokeExact(request));
    Object scoped = (Object) jetty.requestSetAttribute.invokeExact(request, (Object) SCOPE, (Object) scope);
    GatewayRoute route = null;
    if (routing != null) {
      URI original = routing.original(request);
      try {
        route = engine.route(original);
      } catch (RequestBlockedException e) {
        // Jetty fails an aborted request as its send goes on, before writing a byte of it.
        abort(request, host, BlockedRequests.forApp(e));
        return false;
      }
      if (route != null) {
        routing.readdress(request, original, route);
        routing.reportDrops(engine, request, route);
      }
    }
    Object content = (Object) jetty.requestBody.invokeExact(request);
    if (content == null) {
      addRouteHeaders(request, route, new byte[0]);
      return false;
    }
    Object headers = (Object) jetty.requestHeaders.invokeExact(request);
    String contentType = (String) (Object) jetty.contentType.invokeExact(content);
    String headerType = jetty.header(headers, "Content-Type");
    if (BodyKind.isOpaque(headerType != null ? headerType : contentType)) {
      addRouteHeaders(request, route, null);
      return false;
    }
    Object ignored = (Object) jetty.requestSetAttribute.invokeExact(request, (Object) HANDLED, (Object) Boolean.TRUE);
    Send send = new Send(request, listener, host, route, scope, contentType, headerType,
        jetty.header(headers, "Content-Encoding"));
    // With fail-mode open an oversized body is still read whole, to be sent as it is.
    long limit = engine.failsClosed() ? engine.maxBodySize() : Integer.MAX_VALUE - 8;
    new RequestBodyReader(jetty, content, limit, send).run();
    return send.takeOver();
  }

  private void addRouteHeaders(Object request, GatewayRoute route, byte[] sentBody) throws Throwable {
    if (route != null) {
      routing.addHeaders(request, route, sentBody);
    }
  }

  /** Jetty fails an aborted request before writing a byte of it, and tells its listeners. */
  private void abort(Object request, String host, Throwable cause) {
    try {
      Object ignored = (Object) jetty.requestAbort.invokeExact(request, (Object) cause);
    } catch (Throwable t) {
      engine.log().warn("could not abort a Jetty request to " + host + " (" + t.getClass().getSimpleName() + ")");
    }
  }

  /** One request being protected: inline, or after the app has finished writing its body. */
  private final class Send implements RequestBodyReader.Done {

    private static final int READING = 0;
    private static final int TAKEN_OVER = 1;
    private static final int DONE_INLINE = 2;

    private final Object request;
    private final Object listener;
    private final String host;
    /** The gateway route, or null when the request goes straight to the provider. */
    private final GatewayRoute route;
    private final RestoreScope scope;
    private final String contentType;
    private final String headerType;
    private final String contentEncoding;
    private final AtomicInteger state = new AtomicInteger(READING);

    Send(Object request, Object listener, String host, GatewayRoute route, RestoreScope scope, String contentType,
        String headerType, String contentEncoding) {
      this.request = request;
      this.listener = listener;
      this.host = host;
      this.route = route;
      this.scope = scope;
      this.contentType = contentType;
      this.headerType = headerType;
      this.contentEncoding = contentEncoding;
    }

    /** After the first read: true if the body is still coming, so the agent will send later. */
    boolean takeOver() {
      return state.compareAndSet(READING, TAKEN_OVER);
    }

    @Override
    public void bodyRead(byte[] body, Throwable failure, boolean tooLarge) {
      try {
        replaceBody(body, failure, tooLarge);
      } catch (Throwable t) {
        // The app's body is consumed by now: without a body to send, the request must fail.
        engine.log().warn("Jetty hook failed (" + t.getClass().getSimpleName() + "); request to " + host + " not sent");
        abort(new java.io.IOException("Takumo Aegis failed (" + t.getClass().getSimpleName() + ") and did not send the request"));
      }
      if (!state.compareAndSet(READING, DONE_INLINE)) {
        // Taken over: the app's send already returned; send it now (the mark lets it through).
        try {
          Object ignored = (Object) jetty.requestSend.invokeExact(request, listener);
        } catch (Throwable t) {
          engine.log().warn("could not send a Jetty request to " + host + " (" + t.getClass().getSimpleName() + ")");
        }
      }
    }

    /** Sets the protected body on the request, or aborts it: it then fails without being sent. */
    private void replaceBody(byte[] body, Throwable failure, boolean tooLarge) throws Throwable {
      if (failure != null) {
        // The app's own body failed: the request fails as it would have without the agent.
        abort(failure);
        return;
      }
      if (tooLarge) {
        abort(engine.blocked(host, "request body is over max-body-size (" + engine.maxBodySize() + " bytes)"));
        return;
      }
      byte[] protectedBody;
      try {
        protectedBody =
            engine.protectRequest(host, headerType != null ? headerType : contentType, contentEncoding, body, scope);
      } catch (RequestBlockedException e) {
        abort(e);
        return;
      }
      Object content = (Object) jetty.newBytesContent.invokeExact((Object) contentType, (Object) new byte[][] {protectedBody});
      Object ignored = (Object) jetty.requestSetBody.invokeExact(request, content);
      // An explicit Content-Length (Spring copies its own) would now be wrong; Jetty sets the body's.
      jetty.removeHeader(jetty.requestEditHeaders, request, "Content-Length");
      addRouteHeaders(request, route, protectedBody);
    }

    private void abort(Throwable cause) {
      JettyRequests.this.abort(request, host, cause);
    }
  }
}
