package io.takumo.aegis.instrument.jdkhttp;

import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.gateway.GatewayRoute;
import io.takumo.aegis.instrument.GatewayDrops;
import io.takumo.aegis.scope.RestoreScope;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/**
 * A {@code java.net.http} exchange sent to the gateway. If its connection to the gateway fails
 * before anything was sent, the gateway is told; with gateway-fallback=local the app's request is
 * sent again by the same client straight to the provider, with the body already tokenized for the
 * gateway (the same tokens; not scanned, nor counted, twice), so the app does not see the failure;
 * with none the app gets the one-line IOException instead of the client's.
 */
final class RoutedJdkExchange {

  private final Engine engine;
  private final String host;
  private final GatewayRoute route;
  /** The app's request with its body as protected for the gateway, replayable. */
  private final HttpRequest again;
  /** The first request's restore scope, for the response to the request sent again. */
  private final RestoreScope scope;
  private final HttpResponse.BodyHandler<Object> appHandler;

  RoutedJdkExchange(Engine engine, String host, GatewayRoute route, HttpRequest again, RestoreScope scope,
      HttpResponse.BodyHandler<Object> appHandler) {
    this.engine = engine;
    this.host = host;
    this.route = route;
    this.again = again;
    this.scope = scope;
    this.appHandler = appHandler;
  }

  /** See {@code AegisBridge.Hooks#jdkHttpClientSent}: the future the app gets instead of {@code sent}. */
  @SuppressWarnings("unchecked")
  CompletableFuture<Object> sent(Object client, Object sent, Object pushHandler) {
    CompletableFuture<Object> first = (CompletableFuture<Object>) sent;
    CompletableFuture<Object> result = new CompletableFuture<>();
    first.whenComplete((response, failure) -> {
      if (failure == null) {
        result.complete(response);
      } else if (!GatewayDrops.isDrop(failure)) {
        result.completeExceptionally(failure);
      } else {
        retryOrFail((HttpClient) client, failure, (HttpResponse.PushPromiseHandler<Object>) pushHandler, result);
      }
    });
    // The app cancels the future it holds: pass that on to the client's.
    result.whenComplete((response, failure) -> {
      if (result.isCancelled()) {
        first.cancel(true);
      }
    });
    return result;
  }

  private void retryOrFail(HttpClient client, Throwable failure, HttpResponse.PushPromiseHandler<Object> pushHandler,
      CompletableFuture<Object> result) {
    IOException blocked = GatewayDrops.report(engine, host, route.sessionId(), failure);
    if (blocked != null) {
      result.completeExceptionally(blocked);
      return;
    }
    try {
      JdkHttpClientExchange.replaying(again, scope, () -> client.sendAsync(again, appHandler, pushHandler)).whenComplete((response, f) -> {
        if (f == null) {
          result.complete(response);
        } else {
          result.completeExceptionally(f);
        }
      });
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }
}
