package io.takumo.aegis.instrument.vertx;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayDrops;
import java.io.IOException;
import java.util.function.Function;

/**
 * A Vert.x request readdressed to the gateway, as the recovery of the future that hands the app
 * its {@code HttpClientRequest}. Vert.x completes that future only once it holds a connection, so
 * when the connection to the gateway fails (refused, DNS, TLS) the app has not written a byte of
 * the request yet: the drop is reported like every client's ({@link GatewayDrops}), and with
 * gateway-fallback=local the app's own options are asked for again, which the agent then sends
 * straight to the provider (the fallback is on; the body is tokenized as it is written); with
 * none the future fails with the one-line IOException. Any other failure is left as it is.
 */
final class RoutedVertxRequest implements Function<Throwable, Object> {

  private final VertxApi api;
  private final Engine engine;
  private final Object client;
  private final Object appOptions;
  private final GatewayRoute route;

  RoutedVertxRequest(VertxApi api, Engine engine, Object client, Object appOptions, GatewayRoute route) {
    this.api = api;
    this.engine = engine;
    this.client = client;
    this.appOptions = appOptions;
    this.route = route;
  }

  /** The future the app gets in place of the client's {@code future}: failures pass {@link #apply}. */
  Object recovering(Object future) throws Throwable {
    return api.recover(future, this);
  }

  /**
   * Vert.x 4: the promise to give {@code doRequest} in place of the app's {@code promise}; its
   * outcome, recovered, completes the app's.
   */
  Object promiseFor(Object promise) throws Throwable {
    Object ours = api.promiseLike(promise);
    api.completeWith(recovering(api.future(ours)), promise);
    return ours;
  }

  /** Returns the future to continue with: the same failure, the one-line IOException, or the direct request's. */
  @Override
  public Object apply(Throwable failure) {
    if (!GatewayDrops.isDrop(failure)) {
      return failed(failure);
    }
    IOException blocked = GatewayDrops.report(engine, route.host(), route.sessionId(), failure);
    if (blocked != null) {
      return failed(blocked);
    }
    try {
      return api.request(client, appOptions);
    } catch (Throwable t) {
      engine.log().warn("a Vert.x request whose connection to the Takumo gateway failed could not be sent straight to the"
          + " provider (" + t.getClass().getSimpleName() + "); the app gets the client's exception");
      return failed(failure);
    }
  }

  private Object failed(Throwable cause) {
    try {
      return api.failedFuture(cause);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }
}
