package io.takumo.aegis.bootstrap;

/**
 * The one place where advice inlined into JDK or library classes reaches the agent.
 *
 * <p>This class is loaded by the bootstrap class loader, so every class in the JVM can see it.
 * The agent, loaded in its own isolated class loader, installs its {@link Hooks} at start-up;
 * until then (and when the agent is disabled) the hooks do nothing. Arguments and results are
 * typed {@code Object} because the bootstrap loader cannot see the client libraries' types.
 */
public final class AegisBridge {

  private static volatile Hooks hooks = Hooks.NONE;

  private AegisBridge() {}

  public static Hooks hooks() {
    return hooks;
  }

  /** Called once by the agent when it has started. */
  public static void install(Hooks installed) {
    hooks = installed == null ? Hooks.NONE : installed;
  }

  /** What the instrumentations call. Every method must be cheap for non-provider traffic. */
  public interface Hooks {

    Hooks NONE = new Hooks() {};

    /**
     * {@code java.net.http.HttpClient}: called with the request and body handler of every
     * exchange. Returns {@code null} to leave the exchange alone, {@code {request, handler}} to
     * replace them, {@code {request, handler, exchange}} to replace them and pass {@code exchange}
     * to {@link #jdkHttpClientSent} on exit, or {@code {IOException}} to fail the exchange without
     * sending it.
     */
    default Object[] jdkHttpClientExchange(Object request, Object bodyHandler) {
      return null;
    }

    /**
     * {@code HttpURLConnection.getOutputStream()}, on entry: whether the agent rewrites this
     * connection's request body. If so, streaming modes are turned off first: the JDK must hold
     * the body back and compute its length itself, as the rewritten body has another length.
     */
    default boolean urlConnectionProtectsBody(Object connection) {
      return false;
    }

    /**
     * {@code HttpURLConnection.getOutputStream()}, on exit: returns the stream to hand to the app
     * instead of {@code stream}, or {@code stream} itself.
     */
    default Object urlConnectionRequestStream(Object connection, Object stream) {
      return stream;
    }

    /**
     * {@code HttpURLConnection.getInputStream()}, on entry: sends on a request body the agent
     * still holds back (the app did not close its stream). Returns the exception to throw from
     * {@code getInputStream()} instead, without sending anything, or {@code null}.
     */
    default java.io.IOException urlConnectionSendRequest(Object connection) {
      return null;
    }

    /**
     * {@code HttpURLConnection.getInputStream()} and {@code getErrorStream()}, on exit: returns
     * the stream to hand to the app instead of {@code stream}, or {@code stream} itself; the same
     * one each time for the same {@code stream}.
     */
    default Object urlConnectionResponseStream(Object connection, Object stream) {
      return stream;
    }

    /**
     * {@code sun.net.www.http.HttpClient.writeRequests(headers, body)}, on entry, for a request to
     * {@code url} (a {@code java.net.URL}): the exception to fail the write with, sending nothing,
     * or {@code null}. Only while {@code HttpURLConnection} itself could not be woven.
     */
    default java.io.IOException urlConnectionUnwovenWrite(Object url, Object headers) {
      return null;
    }

    /**
     * OkHttp: called with each {@code OkHttpClient.Builder} before a client is built from it, to
     * add the agent's interceptor.
     */
    default void okHttpClientBuilding(Object builder) {}

    /**
     * Jetty {@code HttpClient}: called on entry to {@code HttpRequest.send(listener)}. Returns
     * true if the agent took the send over (it sends the request itself once it has protected the
     * body), so the original {@code send} must do nothing; false to let it go on.
     */
    default boolean jettyRequestSending(Object request, Object listener) {
      return false;
    }

    /**
     * Jetty {@code HttpClient}: called with each response before its headers reach the listeners.
     */
    default void jettyResponseHeaders(Object response) {}

    /**
     * Jetty {@code HttpClient}: called with each response and its {@code Content.Source} before the
     * listeners get it; returns the source to hand them instead, or {@code source} itself.
     */
    default Object jettyResponseContent(Object response, Object source) {
      return source;
    }

    /**
     * Jetty {@code HttpClient}: called on entry to {@code HttpReceiver.afterDecoding(response,
     * length)}, where Jetty writes the decoded body's {@code Content-Length} into the response
     * headers. Returns true to skip that (the agent restores the body, so the length would be wrong).
     */
    default boolean jettyResponseDecoded(Object response) {
      return false;
    }

    /**
     * Jetty {@code HttpClient}, gateway mode: called on entry to {@code HttpDestination.failed(failure)},
     * where Jetty fails the requests queued for a connection that could not be opened.
     */
    default void jettyConnectFailed(Object destination, Object failure) {}

    /**
     * Apache HttpClient 4 classic, on entry to {@code doExecute(target, request, context)} of
     * {@code client}: returns {@code null} for a request to leave alone, an {@code IOException} to
     * throw instead of sending it, or an exchange object to pass to
     * {@link #apache4ClassicResponse} with the response.
     */
    default Object apache4ClassicRequest(Object client, Object target, Object request) {
      return null;
    }

    /** Apache HttpClient 4 classic, on exit from {@code doExecute}: may replace the response entity. */
    default void apache4ClassicResponse(Object exchange, Object response) {}

    /**
     * Apache HttpAsyncClient 4.1, on entry to {@code execute(producer, consumer, context,
     * callback)}: returns {@code null} to leave the exchange alone, else {@code {producer,
     * consumer}} to use instead, or in gateway mode {@code {producer, consumer, exchange}}, the
     * exchange to pass to {@link #gatewayExchangeEnded} on exit.
     */
    default Object[] apache4AsyncExchange(Object client, Object producer, Object consumer) {
      return null;
    }

    /**
     * Apache HttpAsyncClient 4.1, gateway mode, on entry to {@code execute(producer, consumer,
     * context, callback)} with the exchange {@link #apache4AsyncExchange} returned: the callback
     * to use instead (may be null).
     */
    default Object apache4AsyncCallback(Object exchange, Object callback) {
      return callback;
    }

    /**
     * Apache HttpAsyncClient 4.1, gateway mode, on exit from that {@code execute}: the future to
     * return instead.
     */
    default Object apache4AsyncFuture(Object exchange, Object future) {
      return future;
    }

    /** Apache HttpClient 5 classic: like {@link #apache4ClassicRequest}. */
    default Object apache5ClassicRequest(Object client, Object target, Object request) {
      return null;
    }

    /** Apache HttpClient 5 classic: like {@link #apache4ClassicResponse}. */
    default void apache5ClassicResponse(Object exchange, Object response) {}

    /**
     * Apache HttpClient 5 async, on entry to {@code doExecute(target, producer, consumer, ...)}:
     * returns {@code null} to leave the exchange alone, else {@code {producer, consumer}}, or
     * {@code {producer, consumer, target}} to also use that target instead (gateway mode).
     */
    default Object[] apache5AsyncExchange(Object client, Object target, Object producer, Object consumer) {
      return null;
    }

    /**
     * HttpCore 5, on entry to {@code ComplexFuture.failed(cause)} (the future an async client
     * returns): returns the exception to fail it with instead, or {@code cause}; or {@code null}
     * to skip the method (the agent sent the exchange again and ends the future itself).
     */
    default Object apache5FutureFailed(Object future, Object cause) {
      return cause;
    }

    /**
     * {@code URL.openConnection()} and {@code openConnection(Proxy)} (woven in gateway mode only),
     * on entry: returns the connection to hand the app instead (one to the gateway), an
     * {@code IOException} to throw, or {@code null} to open the URL's own connection.
     */
    default Object urlOpenConnection(Object url, Object proxy) {
      return null;
    }

    /**
     * Netty: called with every handler added to a {@code DefaultChannelPipeline}, to add the
     * agent's handler after an HTTP client codec.
     */
    default void nettyHandlerAdded(Object pipeline, Object handler) {}

    /**
     * Netty HTTP/2, on entry to {@code DefaultHttp2ConnectionEncoder.writeHeaders}: sees each
     * request's headers (and may change them) before they are encoded.
     */
    default void nettyHttp2WriteHeaders(Object encoder, Object ctx, int streamId, Object headers, boolean endStream) {}

    /**
     * Netty HTTP/2, on entry to {@code DefaultHttp2ConnectionEncoder.writeData}: returns true if the
     * agent took the frame over (held back, or dropped for a blocked request), so the original
     * {@code writeData} must do nothing and return {@code promise}.
     */
    default boolean nettyHttp2WriteData(
        Object encoder, Object ctx, int streamId, Object data, int padding, boolean endStream, Object promise) {
      return false;
    }

    /**
     * Netty HTTP/2, on entry to {@code DefaultHttp2ConnectionDecoder.frameListener(listener)}:
     * returns the listener to set instead (one that restores provider responses), or {@code listener}.
     */
    default Object nettyHttp2FrameListenerSet(Object decoder, Object listener) {
      return listener;
    }

    /** Netty HTTP/2, on exit from {@code frameListener()}: the app's own listener, unwrapped. */
    default Object nettyHttp2FrameListenerGot(Object listener) {
      return listener;
    }

    /**
     * Netty HTTP/2, on entry to {@code DefaultHttp2LocalFlowController.consumeBytes}: the number of
     * received bytes to return to the window for {@code numBytes} the app consumed (they differ
     * on a stream whose content the agent restored).
     */
    default int nettyHttp2BytesConsumed(Object ctx, Object stream, int numBytes) {
      return numBytes;
    }

    /**
     * Gateway mode, for a client method whose target argument picks the connection (Apache
     * HttpClient classic {@code doExecute}): called on entry with the exchange the client's own
     * request hook returned; returns the target to use instead (the gateway), or {@code null}.
     */
    default Object gatewayTarget(Object exchange) {
      return null;
    }

    /**
     * Gateway mode: called on exit from that client method with the same exchange; puts the
     * app's request object back as the app built it.
     */
    default void gatewayExchangeEnded(Object exchange) {}

    /**
     * Reactor Netty, gateway mode: called when an {@code HttpClientConnect.HttpClientHandler} has
     * resolved its request's target, before a connection is chosen for it.
     */
    default void reactorNettyClientHandler(Object handler) {}

    /**
     * Reactor Netty, gateway mode: called on entry to {@code HttpClientHandler.requestWithBody}
     * with the connection's {@code HttpClientOperations}, before the request is written on it.
     */
    default void reactorNettyRequest(Object handler, Object operations) {}

    /**
     * Reactor Netty, gateway mode: called on exit from {@code HttpClientHandler.test(error)}, the
     * retry filter every failure of the handler's request passes, when it decided not to retry.
     * Returns true to retry after all (the agent pointed the request straight at the provider).
     */
    default boolean reactorNettyFailed(Object handler, Object failure) {
      return false;
    }

    /**
     * Vert.x, gateway mode: called on entry to {@code HttpClientImpl.doRequest(options, promise)}
     * (4.5) or {@code request(options)} (5, {@code promise} null). Returns {@code null} to leave
     * the request alone, {@code {options, exchange}} to use those options instead (Vert.x 4:
     * {@code exchange} is the promise to use instead; Vert.x 5: the exchange to pass to
     * {@link #vertxRequestStarted} on exit), or {@code {null, failed}} to skip the method: Vert.x
     * 4's promise (failed already) or, for Vert.x 5, the failed future to return.
     */
    default Object[] vertxRequest(Object client, Object options, Object promise) {
      return null;
    }

    /**
     * Vert.x 5, gateway mode: called on exit from {@code HttpClientImpl.request(options)} with the
     * exchange {@link #vertxRequest} returned; returns the future to return instead.
     */
    default Object vertxRequestStarted(Object exchange, Object future) {
      return future;
    }

    /**
     * Vert.x 5, gateway mode: called on entry to {@code HttpClientImpl.connect(options)}. Returns
     * {@code null} to leave the connection alone, {@code {options, exchange}} to connect with those
     * options instead (the exchange goes to {@link #vertxConnected} on exit), or {@code {null,
     * failed}} to skip the method and return the failed future.
     */
    default Object[] vertxConnect(Object client, Object options) {
      return null;
    }

    /**
     * Vert.x 5, gateway mode: called on exit from {@code HttpClientImpl.connect(options)} with the
     * exchange {@link #vertxConnect} returned; returns the future to return instead.
     */
    default Object vertxConnected(Object exchange, Object future) {
      return future;
    }

    /**
     * {@code java.net.http.HttpClient}, gateway mode: on exit of a routed exchange's
     * {@code sendAsync}, with the third element {@link #jdkHttpClientExchange} returned, the client
     * and the future it returned. Returns the future to hand the app instead.
     */
    default Object jdkHttpClientSent(Object exchange, Object client, Object future, Object pushHandler) {
      return future;
    }

    /**
     * {@code java.net.http.HttpClient}, gateway mode: on exit of {@code RedirectFilter.response},
     * with the request it would follow the redirect with (null: none). Returns the request to
     * follow it with, or null not to follow it (the app receives the 3xx).
     */
    default Object jdkHttpRedirect(Object next) {
      return next;
    }

    /**
     * OkHttp, gateway mode: on exit of {@code RetryAndFollowUpInterceptor.followUpRequest}, with the
     * request it would follow a response up with (not null). Returns the request to follow it up
     * with, or null not to (the app receives the response).
     */
    default Object okHttpFollowUp(Object next) {
      return next;
    }

    /**
     * Apache HttpClient 4 and 5, gateway mode: on entry of a constructor that takes the client's
     * {@code RedirectStrategy}, with its arguments. Returns the arguments to construct with (each
     * strategy wrapped so that a routed request follows no redirect off the gateway's origin).
     */
    default Object[] apacheRedirectStrategies(Object[] arguments) {
      return arguments;
    }

    /**
     * Jetty {@code HttpClient}, gateway mode: on exit of {@code RedirectProtocolHandler.accept}
     * when it took the response to {@code request} for a redirect to follow. Returns whether to
     * follow it (false: the app receives the 3xx).
     */
    default boolean jettyFollowsRedirect(Object request) {
      return true;
    }

    /**
     * {@code HttpURLConnection.plainConnect0()}, when it threw: returns {@code null} to let it
     * stand, a {@code Throwable} to throw instead, or the {@code java.net.URL} to connect to
     * instead (the connection to the gateway failed and the agent goes straight to the provider).
     */
    default Object urlConnectionConnectFailed(Object connection, Throwable thrown) {
      return null;
    }

    /**
     * After {@link #urlConnectionConnectFailed} returned a URL and the advice set it: runs
     * {@code plainConnect0()} again; returns what it threw, or null.
     */
    default Throwable urlConnectionReconnect(Object connection) {
      return null;
    }

    /**
     * A routed exchange ({@link #gatewayTarget}) whose client method threw: returns what to throw
     * instead (the same {@code thrown} to let it stand).
     */
    default Throwable gatewayExchangeFailed(Object exchange, Throwable thrown) {
      return thrown;
    }

    /**
     * Apache HttpClient 4 and 5 classic, gateway mode: called on exit from {@code doExecute},
     * after {@link #gatewayExchangeFailed}, with the method's receiver and arguments. Returns the
     * response to return instead (the request was sent again straight to the provider), that
     * attempt's failure to throw instead, or {@code null}.
     */
    default Object gatewayExchangeResent(Object exchange, Object client, Object request, Object context) {
      return null;
    }

    /**
     * {@code AbstractDelegateHttpsURLConnection.connect()}, when it threw after the TCP connect
     * succeeded (the TLS handshake, or the proxy tunnel before it, failed: nothing of the request
     * was written): as {@link #urlConnectionConnectFailed}, returns {@code null}, a
     * {@code Throwable} to throw instead, or the {@code java.net.URL} to connect to instead.
     */
    default Object urlConnectionTlsFailed(Object connection, Throwable thrown) {
      return null;
    }

    /**
     * After {@link #urlConnectionTlsFailed} returned a URL and the advice set it: drops the failed
     * socket and runs {@code connect()} again; returns what it threw, or null.
     */
    default Throwable urlConnectionReconnectTls(Object connection) {
      return null;
    }
  }
}
