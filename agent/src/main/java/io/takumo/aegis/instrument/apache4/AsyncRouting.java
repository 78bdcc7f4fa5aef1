package io.takumo.aegis.instrument.apache4;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.instrument.RoutedExchange;
import java.io.IOException;
import java.util.concurrent.Future;

/**
 * Gateway mode for one HttpAsyncClient 4.1 exchange. The client takes the connection's route from
 * its producer's {@code getTarget()} and the request line and {@code Host} from the request the
 * producer generates (its URI, when absolute), both once, as the exchange starts, and copies the
 * request's URI and headers into its own wrapper then. So the producer answers {@code getTarget()}
 * with the gateway's host and hands out the app's request readdressed to the gateway, and the app's
 * request is put back when {@code execute} returns. TLS and SNI follow the route's host.
 *
 * <p>When the connection to the gateway fails (refused, DNS, TLS), the client fails the exchange
 * with its own exception: its producer first, then its consumer, then its future and the app's
 * callback. The producer's failure reports the drop ({@link GatewayDrops}: one log line, and with
 * gateway-fallback=local the switch to direct for the app's next requests); with none, the
 * consumer, the callback and the future the app holds all give the one-line IOException instead
 * (see {@link GatewayDropFuture}); with local, the exchange is made again straight to the provider
 * when it can be ({@link AsyncResend}), and none of them sees the failure.
 */
final class AsyncRouting implements RoutedExchange {

  private final Apache4Api api;
  private final Engine engine;
  private final Object target;
  private final Object client;
  private volatile GatewayRoute route;
  private volatile Apache4Routing.AppRequest appRequest;
  /** The client's exception for a connection to the gateway that failed, once reported. */
  private volatile Exception dropped;
  /** What the app gets in place of {@link #dropped}: the one-line IOException, or null to keep it. */
  private volatile IOException blocked;
  /** The app's {@code FutureCallback}, or null. */
  private volatile Object appCallback;
  /** With gateway-fallback=local, the attempt that sends the exchange again, once decided. */
  private volatile AsyncResend resend;

  AsyncRouting(Apache4Api api, Engine engine, Object target, Object client) {
    this.api = api;
    this.engine = engine;
    this.target = target;
    this.client = client;
  }

  /**
   * Readdresses the generated request to the gateway; returns the gateway's {@code HttpHost}, or
   * null to send it straight to the provider (it cannot be readdressed, is SigV4-signed, or
   * gateway-fallback=local while the gateway is down).
   *
   * @param sentBody the body as it will be sent, for the signature; null if the agent did not read it
   * @throws java.io.IOException the gateway is unreachable and gateway-fallback is none
   */
  Object readdress(Object request, byte[] sentBody) throws Throwable {
    try {
      return readdressTo(request, sentBody);
    } catch (RuntimeException | LinkageError e) {
      engine.log().warn("could not readdress an Apache HttpAsyncClient 4 request to the Takumo gateway ("
          + e.getClass().getSimpleName() + "); it goes straight to the provider, tokenized locally");
      return null;
    }
  }

  private Object readdressTo(Object request, byte[] sentBody) throws Throwable {
    String host = api.host(target, null);
    if (engine.leavesUntouched(host, api.header(request, "Authorization"))) {
      return null;
    }
    if (!api.readdressable(request)) {
      engine.log().debug("an Apache HttpAsyncClient 4 request of type " + request.getClass().getName()
          + " cannot be readdressed to the gateway; it goes straight to the provider, tokenized locally");
      return null;
    }
    GatewayRoute r = engine.route(Apache4Routing.original(api, target, request));
    if (r == null) {
      return null;
    }
    if (sentBody == null && api.requestEntity(request) == null) {
      sentBody = new byte[0];
    }
    appRequest = Apache4Routing.readdress(api, request, r, sentBody);
    route = r;
    return Apache4Routing.gatewayHost(api, r);
  }

  Apache4Api api() {
    return api;
  }

  /** The route the request took, or null if it went straight to the provider. */
  GatewayRoute route() {
    return route;
  }

  /** The client failed the exchange with {@code cause}: a routed one that never reached the gateway is reported, once. */
  void failed(Exception cause) {
    GatewayRoute r = route;
    if (r == null || dropped != null || !GatewayDrops.isDrop(cause)) {
      return;
    }
    blocked = GatewayDrops.report(engine, r.host(), r.sessionId(), cause);
    dropped = cause;
  }

  void appCallback(Object callback) {
    appCallback = callback;
  }

  /**
   * After {@link #failed}: with gateway-fallback=local, for a drop, decides to send the exchange
   * again with {@code directProducer} (null if it cannot be); returns whether it will.
   */
  boolean sendAgain(Exception cause, String host, Object directProducer) {
    if (cause != dropped || blocked != null || directProducer == null || api.asyncExecute == null) {
      return false;
    }
    resend = new AsyncResend(api.asyncExecute, api, engine, host, client, directProducer, appCallback);
    return true;
  }

  /**
   * When the consumer is told of {@code cause}: starts the attempt that sends the exchange again,
   * if one was decided; returns whether it started (the app's objects are then the attempt's).
   */
  boolean startAgain(Exception cause, Object appConsumer) throws Throwable {
    AsyncResend r = resend;
    if (r == null || cause != dropped) {
      return false;
    }
    // A refusal can come before execute has returned and put the app's request back.
    ended();
    if (!r.start(appConsumer)) {
      resend = null;
      return false;
    }
    return true;
  }

  /** Whether the app's producer and consumer belong to an attempt sending the exchange again. */
  boolean resent() {
    return resend != null;
  }

  /** The attempt sending the exchange again in place of the one that failed with {@code cause}, or null. */
  Future<?> attemptFor(Throwable cause) {
    AsyncResend r = resend;
    return r != null && cause == dropped ? r.attempt() : null;
  }

  /** The exception the app gets in place of {@code cause}. */
  Throwable forApp(Throwable cause) {
    IOException b = blocked;
    return b != null && cause == dropped ? b : cause;
  }

  @Override
  public Object gatewayTarget() {
    // The target is the producer's answer, not an argument of execute.
    return null;
  }

  /** Synchronized: the app's thread (on execute's exit) and an attempt sending the exchange again may both call it. */
  @Override
  public synchronized void ended() throws Throwable {
    Apache4Routing.AppRequest app = appRequest;
    appRequest = null;
    if (app != null) {
      app.putBack();
    }
  }
}
