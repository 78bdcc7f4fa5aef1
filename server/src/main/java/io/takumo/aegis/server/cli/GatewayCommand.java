package io.takumo.aegis.server.cli;

import io.takumo.aegis.server.config.GatewayConfig;
import io.takumo.aegis.server.config.HostPort;
import io.takumo.aegis.server.gateway.GatewayServer;
import io.takumo.aegis.server.provider.Provider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code takumo-server gateway}: runs a standalone gateway until SIGTERM, then drains. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run a gateway on this machine with its embedded store under --data.")
final class GatewayCommand implements Callable<Integer> {
  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "${env:TAKUMO_SERVER_LISTEN:-127.0.0.1:8080}",
      description = "Provider traffic (the base URL clients use). Env TAKUMO_SERVER_LISTEN. Default: ${DEFAULT-VALUE}.")
  String listen;

  @Option(names = "--admin-listen", paramLabel = "HOST:PORT",
      defaultValue = "${env:TAKUMO_SERVER_ADMIN_LISTEN:-127.0.0.1:8081}",
      description = "Admin API, /healthz, /readyz, /metrics. Env TAKUMO_SERVER_ADMIN_LISTEN. Default: ${DEFAULT-VALUE}.")
  String adminListen;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:TAKUMO_SERVER_DATA}",
      description = "Data directory: the embedded database and admin.json. Env TAKUMO_SERVER_DATA. Required.")
  Path data;

  @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_TLS_CERT}",
      description = "PEM certificate chain: serve the gateway listener over TLS (h2 and http/1.1). Env TAKUMO_SERVER_TLS_CERT.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_TLS_KEY}",
      description = "PEM private key (PKCS#8) of --tls-cert. Env TAKUMO_SERVER_TLS_KEY.")
  Path tlsKey;

  @Option(names = "--openai-base-url", paramLabel = "URL", defaultValue = "${env:TAKUMO_SERVER_OPENAI_BASE_URL}",
      description = "Where OpenAI requests go. Env TAKUMO_SERVER_OPENAI_BASE_URL. Default: https://api.openai.com.")
  String openaiBaseUrl;

  @Option(names = "--anthropic-base-url", paramLabel = "URL", defaultValue = "${env:TAKUMO_SERVER_ANTHROPIC_BASE_URL}",
      description = "Where Anthropic requests go. Env TAKUMO_SERVER_ANTHROPIC_BASE_URL. Default: https://api.anthropic.com.")
  String anthropicBaseUrl;

  @Option(names = "--gemini-base-url", paramLabel = "URL", defaultValue = "${env:TAKUMO_SERVER_GEMINI_BASE_URL}",
      description = "Where Gemini requests go. Env TAKUMO_SERVER_GEMINI_BASE_URL. Default: https://generativelanguage.googleapis.com.")
  String geminiBaseUrl;

  @Option(names = "--allow-private-upstreams", defaultValue = "${env:TAKUMO_SERVER_ALLOW_PRIVATE_UPSTREAMS:-false}",
      description = "Allow base URLs on loopback, private or link-local addresses, and plain http. Env TAKUMO_SERVER_ALLOW_PRIVATE_UPSTREAMS.")
  boolean allowPrivateUpstreams;

  @Option(names = "--prices", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_PRICES}",
      description = "Price file (JSON, the shape of the shipped prices.json) whose entries replace or add to the shipped ones. Env TAKUMO_SERVER_PRICES.")
  Path prices;

  @Option(names = "--max-concurrent-requests", paramLabel = "N",
      defaultValue = "${env:TAKUMO_SERVER_MAX_CONCURRENT_REQUESTS:-1024}",
      description = "Provider requests in flight beyond which new ones get 503. Env TAKUMO_SERVER_MAX_CONCURRENT_REQUESTS. Default: ${DEFAULT-VALUE}.")
  int maxConcurrentRequests;

  @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "${env:TAKUMO_SERVER_DRAIN_TIMEOUT:-30}",
      description = "On SIGTERM, how long requests in flight may take to finish. Env TAKUMO_SERVER_DRAIN_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  int drainTimeout;

  @Option(names = "--upstream-connect-timeout", paramLabel = "SECONDS",
      defaultValue = "${env:TAKUMO_SERVER_UPSTREAM_CONNECT_TIMEOUT:-10}",
      description = "Connecting to a provider. Env TAKUMO_SERVER_UPSTREAM_CONNECT_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  int upstreamConnectTimeout;

  @Option(names = "--upstream-idle-timeout", paramLabel = "SECONDS",
      defaultValue = "${env:TAKUMO_SERVER_UPSTREAM_IDLE_TIMEOUT:-300}",
      description = "A provider connection silent this long fails the request. Env TAKUMO_SERVER_UPSTREAM_IDLE_TIMEOUT. Default: ${DEFAULT-VALUE}.")
  int upstreamIdleTimeout;

  @Option(names = "--access-log", paramLabel = "on|off", defaultValue = "${env:TAKUMO_SERVER_ACCESS_LOG:-on}",
      description = "One JSON line per provider request on stdout. Env TAKUMO_SERVER_ACCESS_LOG. Default: ${DEFAULT-VALUE}.")
  String accessLog;

  @Option(names = "--store-connections", paramLabel = "N", defaultValue = "${env:TAKUMO_SERVER_STORE_CONNECTIONS:-16}",
      description = "Database connections (and store worker threads). Env TAKUMO_SERVER_STORE_CONNECTIONS. Default: ${DEFAULT-VALUE}.")
  int storeConnections;

  @Option(names = "--signing-key", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_SIGNING_KEY}",
      description = "The key that signs agents' handshakes: ECDSA P-256, PEM PKCS#8. Env TAKUMO_SERVER_SIGNING_KEY. Default: one generated on first start into DIR/signing-key.pem.")
  Path signingKey;

  @Option(names = "--session-lifetime", paramLabel = "SECONDS", defaultValue = "${env:TAKUMO_SERVER_SESSION_LIFETIME:-3600}",
      description = "How long an agent's session lasts (its expires_in). Env TAKUMO_SERVER_SESSION_LIFETIME. Default: ${DEFAULT-VALUE}.")
  int sessionLifetime;

  @Override
  public Integer call() throws Exception {
    GatewayServer server = GatewayServer.start(config());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.drainAndStop();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, "takumo-drain"));
    stopped.await();
    return 0;
  }

  GatewayConfig config() {
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required (or TAKUMO_SERVER_DATA)");
    }
    positive(maxConcurrentRequests, "--max-concurrent-requests");
    positive(upstreamConnectTimeout, "--upstream-connect-timeout");
    positive(upstreamIdleTimeout, "--upstream-idle-timeout");
    positive(storeConnections, "--store-connections");
    positive(sessionLifetime, "--session-lifetime");
    if (drainTimeout < 0) {
      throw new IllegalArgumentException("--drain-timeout must be 0 or more seconds");
    }
    if (!accessLog.equals("on") && !accessLog.equals("off")) {
      throw new IllegalArgumentException("--access-log must be on or off");
    }
    Map<Provider, URI> bases = new EnumMap<>(Provider.class);
    putUrl(bases, Provider.OPENAI, openaiBaseUrl);
    putUrl(bases, Provider.ANTHROPIC, anthropicBaseUrl);
    putUrl(bases, Provider.GEMINI, geminiBaseUrl);
    return new GatewayConfig(HostPort.parse(listen, "--listen"), HostPort.parse(adminListen, "--admin-listen"), data,
        tlsCert, tlsKey, bases, allowPrivateUpstreams, prices, maxConcurrentRequests, drainTimeout, upstreamConnectTimeout,
        upstreamIdleTimeout, accessLog.equals("on"), storeConnections, signingKey, sessionLifetime);
  }

  private static void positive(int value, String flag) {
    if (value <= 0) {
      throw new IllegalArgumentException(flag + " must be a positive number");
    }
  }

  private static void putUrl(Map<Provider, URI> bases, Provider provider, String url) {
    if (url == null || url.isBlank()) {
      return;
    }
    try {
      bases.put(provider, new URI(url.trim()));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--" + provider.id() + "-base-url: not a URL");
    }
  }
}
