package io.takumo.aegis.server.cli;

import io.takumo.aegis.server.config.GatewayConfig;
import io.takumo.aegis.server.config.HostPort;
import io.takumo.aegis.server.gateway.GatewayServer;
import io.takumo.aegis.server.fleet.FleetClient;
import io.takumo.aegis.server.fleet.FleetLinkConfig;
import io.takumo.aegis.server.fleet.FleetStore;
import io.takumo.aegis.server.provider.Provider;
import io.takumo.aegis.server.shared.SharedState;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code takumo-server gateway}: runs a standalone gateway until SIGTERM, then drains. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = "Run a gateway: standalone with its embedded store under --data, or in a coordinator's fleet (--coordinator).")
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

  @Option(names = "--coordinator", paramLabel = "HOST:PORT", defaultValue = "${env:TAKUMO_SERVER_COORDINATOR}",
      description = "Join this coordinator's fleet (its gRPC port, 50051 by default) and admit with the config it pushes,"
          + " instead of the embedded store. Env TAKUMO_SERVER_COORDINATOR.")
  String coordinator;

  @Option(names = "--join-key", paramLabel = "jk_…", defaultValue = "${env:TAKUMO_SERVER_JOIN_KEY}",
      description = "The join key (admin join-keys create), with --coordinator; prefer the variable, which ps does not show."
          + " Env TAKUMO_SERVER_JOIN_KEY.")
  String joinKey;

  @Option(names = "--gateway-name", paramLabel = "NAME", defaultValue = "${env:TAKUMO_SERVER_GATEWAY_NAME}",
      description = "This gateway's name in the fleet list. Env TAKUMO_SERVER_GATEWAY_NAME. Default: the host name.")
  String gatewayName;

  @Option(names = "--offline-grace", paramLabel = "SECONDS", defaultValue = "${env:TAKUMO_SERVER_OFFLINE_GRACE:-300}",
      description = "With the coordinator unreachable, how long to keep admitting with the last acked config. "
          + "Env TAKUMO_SERVER_OFFLINE_GRACE. Default: ${DEFAULT-VALUE}.")
  int offlineGrace;

  @Option(names = "--coordinator-ca", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_COORDINATOR_CA}",
      description = "PEM CA certificate(s): reach the coordinator over TLS, trusting these. Env TAKUMO_SERVER_COORDINATOR_CA.")
  Path coordinatorCa;

  @Option(names = "--signing-key", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_SIGNING_KEY}",
      description = "The key that signs agents' handshakes: ECDSA P-256, PEM PKCS#8. Env TAKUMO_SERVER_SIGNING_KEY. Default: one generated on first start into DIR/signing-key.pem.")
  Path signingKey;

  @Option(names = "--session-lifetime", paramLabel = "SECONDS", defaultValue = "${env:TAKUMO_SERVER_SESSION_LIFETIME:-3600}",
      description = "How long an agent's session lasts (its expires_in). Env TAKUMO_SERVER_SESSION_LIFETIME. Default: ${DEFAULT-VALUE}.")
  int sessionLifetime;

  @Option(names = "--redis", paramLabel = "URL", defaultValue = "${env:TAKUMO_SERVER_REDIS}",
      description = "Share rate-limit windows, monthly counters, agents' sessions and nonces with the other gateways of the"
          + " org through this Redis (redis://[:PASSWORD@]HOST:PORT[/DB], rediss:// for TLS); prefer the variable when"
          + " it holds a password. Env TAKUMO_SERVER_REDIS. Default: none (kept in this gateway's memory).")
  String redis;

  @Option(names = "--redis-failure", paramLabel = "closed|local", defaultValue = "${env:TAKUMO_SERVER_REDIS_FAILURE:-closed}",
      description = "While Redis does not answer: closed (requests and handshakes get 503 unavailable) or local (each"
          + " gateway counts and holds sessions in its own memory). Env TAKUMO_SERVER_REDIS_FAILURE. Default: ${DEFAULT-VALUE}.")
  String redisFailure;

  @Override
  public Integer call() throws Exception {
    GatewayServer server = coordinator == null || coordinator.isBlank() ? GatewayServer.start(config()) : startInFleet();
    return RunUntilStopped.await("takumo-drain", server::drainAndStop);
  }

  /** Fleet mode: admission reads the coordinator's pushed config; the link joins once the listeners are up. */
  private GatewayServer startInFleet() throws Exception {
    FleetLinkConfig link = fleetConfig();
    GatewayConfig config = config();
    FleetStore store = new FleetStore(Duration.ofSeconds(offlineGrace), Clock.systemUTC());
    AtomicReference<GatewayServer> started = new AtomicReference<>();
    FleetClient client = new FleetClient(link, store, () -> started.get() == null ? 0 : started.get().requestsInFlight());
    GatewayServer server = GatewayServer.start(config, store, client);
    started.set(server);
    client.start(server.gatewayUrl());
    return server;
  }

  FleetLinkConfig fleetConfig() {
    HostPort at = HostPort.parse(coordinator.trim(), "--coordinator");
    if (joinKey == null || joinKey.isBlank()) {
      throw new IllegalArgumentException("--coordinator needs --join-key (or TAKUMO_SERVER_JOIN_KEY)");
    }
    // Never echo the value: it is a secret, even when mistyped.
    if (!joinKey.trim().matches("jk_[0-9A-Za-z]{43}")) {
      throw new IllegalArgumentException("--join-key: not a join key (jk_ and 43 letters and digits)");
    }
    if (offlineGrace < 0) {
      throw new IllegalArgumentException("--offline-grace must be 0 or more seconds");
    }
    String name = gatewayName == null || gatewayName.isBlank() ? hostName() : gatewayName.trim();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      throw new IllegalArgumentException("--gateway-name must be 1-100 of letters, digits, '.', '_' and '-'");
    }
    return new FleetLinkConfig(at, joinKey.trim(), name, Duration.ofSeconds(offlineGrace), coordinatorCa);
  }

  private static String hostName() {
    try {
      String host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "-");
      return host.isEmpty() || !Character.isLetterOrDigit(host.charAt(0)) ? "gateway" : host;
    } catch (IOException e) {
      return "gateway";
    }
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
        upstreamIdleTimeout, accessLog.equals("on"), storeConnections, signingKey, sessionLifetime,
        redis == null || redis.isBlank() ? null : redis.trim(), SharedState.OnFailure.parse(redisFailure));
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
