package io.takumo.aegis.instrument.jdkhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.restore.ResponseRestorer;
import io.takumo.aegis.scope.RestoreScope;
import java.net.http.HttpResponse;

/** Wraps the app's body handler so that the body it reads has its tokens restored. */
final class RestoringBodyHandler<T> implements HttpResponse.BodyHandler<T> {

  private final HttpResponse.BodyHandler<T> delegate;
  private final Engine engine;
  private final String host;
  /** The gateway route the request took, or null if it went straight to the provider. */
  private final GatewayRoute route;
  private final RestoreScope scope;

  RestoringBodyHandler(
      HttpResponse.BodyHandler<T> delegate, Engine engine, String host, GatewayRoute route, RestoreScope scope) {
    this.delegate = delegate;
    this.engine = engine;
    this.host = host;
    this.route = route;
    this.scope = scope;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    if (route != null) {
      try {
        engine.gateway().onResponse(route, info.statusCode(), name -> info.headers().firstValue(name).orElse(null));
      } catch (RuntimeException e) {
        engine.log().warn("could not read the gateway's answer (" + e.getClass().getSimpleName() + ")");
      }
    }
    HttpResponse.BodySubscriber<T> subscriber = delegate.apply(info);
    ResponseRestorer restorer;
    try {
      restorer =
          engine.restorerFor(
              host,
              info.headers().firstValue("Content-Type").orElse(null),
              info.headers().firstValue("Content-Encoding").orElse(null),
              scope);
    } catch (RuntimeException e) {
      engine.restoreFailed(host, e);
      return subscriber;
    }
    if (restorer == null) {
      return subscriber;
    }
    return TrustedSubscribers.asTrustedAs(new RestoringBodySubscriber<>(subscriber, restorer, engine, host), subscriber);
  }
}
