package io.takumo.aegis.server.ops;

import io.takumo.aegis.server.store.AdmissionStore;
import io.takumo.aegis.server.store.StoreException;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process answers), {@code /readyz} (not draining, and the store answers; with
 * shared state, where it is kept now)
 * and {@code /metrics} (Prometheus text), without authentication.
 */
public final class Operations {
  private final Lifecycle lifecycle;
  private final AdmissionStore store;
  private final WorkerExecutor storeWorker;
  private final GatewayMetrics metrics;
  private final Supplier<String> sharedState;

  public Operations(Lifecycle lifecycle, AdmissionStore store, WorkerExecutor storeWorker, GatewayMetrics metrics) {
    this(lifecycle, store, storeWorker, metrics, null);
  }

  /** @param sharedState {@code /readyz}'s {@code shared_state} (where limits and sessions are kept now), or null */
  public Operations(Lifecycle lifecycle, AdmissionStore store, WorkerExecutor storeWorker, GatewayMetrics metrics,
      Supplier<String> sharedState) {
    this.lifecycle = lifecycle;
    this.store = store;
    this.storeWorker = storeWorker;
    this.metrics = metrics;
    this.sharedState = sharedState;
  }

  /** Answers the request if it is one of the operations paths; false if not. */
  public boolean handle(HttpServerRequest request, boolean withMetrics) {
    switch (request.path()) {
      case "/healthz":
        status(request, 200, "ok");
        return true;
      case "/readyz":
        if (lifecycle.draining()) {
          status(request, 503, "draining");
        } else {
          storeWorker.executeBlocking(() -> {
            store.ping();
            return null;
          }).onComplete(ar -> {
            JsonObject body = new JsonObject().put("status", ar.succeeded() ? "ready" : unready(ar.cause()));
            if (sharedState != null) {
              body.put("shared_state", sharedState.get());
            }
            status(request, ar.succeeded() ? 200 : 503, body);
          });
        }
        return true;
      case "/metrics":
        if (!withMetrics) {
          return false;
        }
        storeWorker.executeBlocking(metrics::scrape).onComplete(ar -> {
          if (ar.succeeded()) {
            request.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
          } else {
            status(request, 500, "metrics unavailable");
          }
        });
        return true;
      default:
        return false;
    }
  }

  /** Why the store cannot answer: its own one-line reason (a fleet gateway's says offline or removed). */
  private static String unready(Throwable cause) {
    return cause instanceof StoreException ? "store unavailable: " + cause.getMessage() : "store unavailable";
  }

  private static void status(HttpServerRequest request, int code, String status) {
    status(request, code, new JsonObject().put("status", status));
  }

  private static void status(HttpServerRequest request, int code, JsonObject body) {
    request.response().setStatusCode(code).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
