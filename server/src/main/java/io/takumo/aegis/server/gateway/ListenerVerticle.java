package io.takumo.aegis.server.gateway;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/** One HTTP server instance on its own event loop; several share a port to use every core. */
final class ListenerVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final Handler<HttpServerRequest> handler;
  private HttpServer server;

  ListenerVerticle(HttpServerOptions options, Handler<HttpServerRequest> handler) {
    this.options = options;
    this.handler = handler;
  }

  @Override
  public Future<?> start() {
    server = vertx.createHttpServer(options).requestHandler(handler);
    return server.listen();
  }

  int actualPort() {
    return server.actualPort();
  }
}
