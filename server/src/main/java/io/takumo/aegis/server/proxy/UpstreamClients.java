package io.takumo.aegis.server.proxy;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pooled HTTP clients to providers: HTTP/2 over TLS where the provider offers it (ALPN, else
 * HTTP/1.1), HTTP/1.1 for plain-http upstreams (stand-ins, in-cluster proxies). Redirects are never
 * followed; responses are not decompressed (the gateway asks for identity encoding).
 */
final class UpstreamClients {
  private final HttpClientAgent tls;
  private final HttpClientAgent plain;

  UpstreamClients(Vertx vertx, int connectTimeoutMillis, int idleTimeoutSeconds) {
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(512).setHttp2MaxSize(8);
    this.tls = vertx.createHttpClient(base(connectTimeoutMillis, idleTimeoutSeconds).setSsl(true).setUseAlpn(true)
        .setProtocolVersion(HttpVersion.HTTP_2).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1))
        .setVerifyHost(true).setForceSni(true), pool);
    this.plain = vertx.createHttpClient(base(connectTimeoutMillis, idleTimeoutSeconds).setProtocolVersion(HttpVersion.HTTP_1_1),
        pool);
  }

  private static HttpClientOptions base(int connectTimeoutMillis, int idleTimeoutSeconds) {
    return new HttpClientOptions().setConnectTimeout(connectTimeoutMillis).setIdleTimeout(idleTimeoutSeconds)
        .setIdleTimeoutUnit(TimeUnit.SECONDS).setKeepAlive(true).setDecompressionSupported(false);
  }

  HttpClientAgent forScheme(String scheme) {
    return "https".equalsIgnoreCase(scheme) ? tls : plain;
  }

  void close() {
    tls.close();
    plain.close();
  }
}
