package io.takumo.aegis.server.gateway;

import io.takumo.aegis.server.admin.AdminApi;
import io.takumo.aegis.server.admin.AdminFile;
import io.takumo.aegis.server.admission.Admission;
import io.takumo.aegis.server.admission.LocalRateLimiter;
import io.takumo.aegis.server.admission.RecentRefusals;
import io.takumo.aegis.server.config.GatewayConfig;
import io.takumo.aegis.server.config.HostPort;
import io.takumo.aegis.server.dashboard.DashboardPages;
import io.takumo.aegis.server.dashboard.DashboardSessions;
import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.ops.AccessLog;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.Lifecycle;
import io.takumo.aegis.server.ops.Operations;
import io.takumo.aegis.server.ops.ServerLog;
import io.takumo.aegis.server.provider.UpstreamGuard;
import io.takumo.aegis.server.protect.EngineSeam;
import io.takumo.aegis.server.protect.ProtectionLimits;
import io.takumo.aegis.server.proxy.PassThroughSeam;
import io.takumo.aegis.server.proxy.ProviderProxy;
import io.takumo.aegis.server.session.Handshake;
import io.takumo.aegis.server.session.HandshakeEndpoint;
import io.takumo.aegis.server.session.SessionGate;
import io.takumo.aegis.server.session.SessionRegistry;
import io.takumo.aegis.server.session.SessionStore;
import io.takumo.aegis.server.shared.SharedCounters;
import io.takumo.aegis.server.shared.SharedRateLimiter;
import io.takumo.aegis.server.shared.SharedSessions;
import io.takumo.aegis.server.shared.SharedState;
import io.takumo.aegis.server.signing.SigningKey;
import io.takumo.aegis.server.store.AdmissionStore;
import io.takumo.aegis.server.store.Database;
import io.takumo.aegis.server.store.JdbcStore;
import io.takumo.aegis.server.store.Store;
import io.takumo.aegis.server.usage.PriceTable;
import io.takumo.aegis.server.usage.UsageRecorder;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A standalone gateway: the provider listener, the admin listener, the embedded store, and the
 * drain that stops them. {@link #start} returns once both listen and {@code DIR/admin.json} is written.
 */
public final class GatewayServer {
  /** Agents' sessions held at once, in all and per API key (docs/server.md, "Agents"). */
  private static final int MAX_SESSIONS = 100_000;
  private static final int MAX_SESSIONS_PER_KEY = 1_000;
  /** Nonces one session may use within the replay window (±300 s): over 160 requests a second. */
  private static final int MAX_NONCES_PER_SESSION = 100_000;
  private final GatewayConfig config;
  private final Database database;
  private final RemoteStoreLink remoteLink;
  private final SharedState shared;
  private final Vertx vertx;
  private final Lifecycle lifecycle;
  private final ProviderProxy proxy;
  private final AccessLog accessLog;
  private final String gatewayUrl;
  private final String adminUrl;

  private GatewayServer(GatewayConfig config, Database database, RemoteStoreLink remoteLink, SharedState shared, Vertx vertx,
      Lifecycle lifecycle, ProviderProxy proxy, AccessLog accessLog, String gatewayUrl, String adminUrl) {
    this.config = config;
    this.database = database;
    this.remoteLink = remoteLink;
    this.shared = shared;
    this.vertx = vertx;
    this.lifecycle = lifecycle;
    this.proxy = proxy;
    this.accessLog = accessLog;
    this.gatewayUrl = gatewayUrl;
    this.adminUrl = adminUrl;
  }

  /**
   * @throws IllegalArgumentException with a one-line message for a bad setting
   * @throws IOException when the data directory or a listener cannot be set up
   */
  public static GatewayServer start(GatewayConfig config) throws IOException, InterruptedException {
    return start(config, null, null);
  }

  /**
   * A gateway whose admission reads {@code remoteStore} (a fleet gateway: its coordinator's pushed
   * config) instead of an embedded database, with no admin API of its own; {@code remoteLink} is
   * closed after the drain. With null for both, the standalone gateway.
   */
  public static GatewayServer start(GatewayConfig config, AdmissionStore remoteStore, RemoteStoreLink remoteLink)
      throws IOException, InterruptedException {
    UpstreamGuard guard = new UpstreamGuard(config.baseUrls(), config.allowPrivateUpstreams());
    PriceTable prices = PriceTable.load(config.prices());
    if ((config.tlsCert() == null) != (config.tlsKey() == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    Path dir = createDataDir(config.dataDir());

    SecureRandom random = new SecureRandom();
    ApiKeys keys = new ApiKeys(random);
    Database database = remoteStore == null ? Database.openEmbedded(dir, config.storeConnections()) : null;
    Store store = database == null ? null : new JdbcStore(database.dataSource(), keys);
    Clock clock = Clock.systemUTC();
    // Without --redis, rate limits, monthly counters, sessions and nonces stay in this process.
    SharedState shared = config.redisUrl() == null ? null : SharedState.open(config.redisUrl(), config.redisFailure());
    AdmissionStore ownStore = store != null ? store : remoteStore;
    AdmissionStore admissionStore = shared == null ? ownStore : new SharedCounters(ownStore, shared);

    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    WorkerExecutor storeWorker = vertx.createSharedWorkerExecutor("takumo-store", config.storeConnections());
    Lifecycle lifecycle = new Lifecycle(config.maxConcurrentRequests());
    GatewayMetrics metrics = new GatewayMetrics(lifecycle);
    if (remoteLink != null) {
      remoteLink.registerMetrics(metrics);
    }
    if (shared != null) {
      shared.registerMetrics(metrics);
    }
    AccessLog accessLog = new AccessLog(config.accessLog() ? System.out : null);
    Operations operations = new Operations(lifecycle, admissionStore, storeWorker, metrics,
        shared == null ? null : shared::readiness);
    RecentRefusals refusals = new RecentRefusals();
    Admission admission = new Admission(admissionStore,
        shared == null ? new LocalRateLimiter() : new SharedRateLimiter(shared, new LocalRateLimiter()), clock, refusals);
    // Each gateway (a fleet's too) signs with its own key; with --redis, gateways that share a
    // signing key share sessions and nonces too.
    SigningKey signingKey = config.signingKey() != null ? SigningKey.load(config.signingKey()) : SigningKey.loadOrCreate(dir);
    SessionRegistry ownSessions = new SessionRegistry(MAX_SESSIONS, MAX_SESSIONS_PER_KEY, MAX_NONCES_PER_SESSION,
        config.sessionLifetimeSeconds(), clock, random);
    metrics.sessions(ownSessions::size);
    SessionStore sessions = shared == null ? ownSessions : new SharedSessions(shared, ownSessions,
        signingKey.derive(SharedSessions.SEAL_PURPOSE), MAX_SESSIONS_PER_KEY, clock, random);
    // Base-URL clients are protected by the engine here; agent traffic arrives tokenized by the
    // agent, so its bodies pass through unchanged.
    ProviderProxy proxy = new ProviderProxy(vertx, lifecycle, admission, storeWorker, guard,
        new SessionGate(sessions, guard, clock), new EngineSeam(admissionStore::orgPolicy, ProtectionLimits.DEFAULT, metrics),
        new PassThroughSeam(), new UsageRecorder(admissionStore, prices, clock), metrics, accessLog,
        config.upstreamConnectTimeoutSeconds() * 1000, config.upstreamIdleTimeoutSeconds());
    HandshakeEndpoint handshake = new HandshakeEndpoint(admission, admissionStore, storeWorker,
        new Handshake(sessions, signingKey, random), metrics, accessLog, lifecycle);
    String token = newAdminToken(random);
    // A fleet gateway's admin listener serves operations only: its coordinator holds the store.
    Handler<HttpServerRequest> admin = store != null ? new AdminApi(store, storeWorker, token, keys, clock, operations,
        new DashboardSessions(random, clock), refusals, signingKey)
        : request -> {
          if (!operations.handle(request, true)) {
            request.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(new JsonObject()
                .put("error", new JsonObject().put("code", "not_found").put("type", "admin_error")
                    .put("message", "this gateway is managed by its coordinator: use the coordinator's admin API")).encode());
          }
        };
    DashboardPages dashboard = store != null ? new DashboardPages() : null;
    try {
      HttpServerOptions gatewayOptions = serverOptions(config.listen());
      if (config.tlsCert() != null) {
        gatewayOptions.setSsl(true).setUseAlpn(true).setKeyCertOptions(new PemKeyCertOptions()
            .setCertPath(config.tlsCert().toString()).setKeyPath(config.tlsKey().toString()));
      }
      int gatewayPort = listen(vertx, gatewayOptions, request -> {
        if (operations.handle(request, false)) {
          return;
        }
        if (HandshakeEndpoint.isProtocolPath(request.path())) {
          handshake.handle(request);
        } else {
          proxy.handle(request);
        }
      }, Runtime.getRuntime().availableProcessors());
      int adminPort = listen(vertx, serverOptions(config.adminListen()), request -> {
        if (dashboard == null || !dashboard.handle(request)) {
          admin.handle(request);
        }
      }, 1);
      String gatewayUrl = (config.tlsCert() != null ? "https://" : "http://") + config.listen().urlHost() + ":" + gatewayPort;
      String adminUrl = "http://" + config.adminListen().urlHost() + ":" + adminPort;
      new AdminFile(adminUrl, gatewayUrl, token).write(dir);
      ServerLog.info("gateway listening on " + gatewayUrl + " (provider base URL " + gatewayUrl + "/v1), admin API on "
          + adminUrl + (dashboard != null ? " (dashboard " + adminUrl + DashboardPages.PREFIX + "/)" : "") + ", data in " + dir
          + "; admin token in " + dir.resolve(AdminFile.NAME));
      Path keyFile = config.signingKey() != null ? config.signingKey() : dir.resolve(SigningKey.FILE);
      if (shared != null && config.signingKey() == null) {
        ServerLog.warn("--redis without --signing-key: a session opened here is honoured only by gateways with this same"
            + " signing key (" + keyFile + "); give every gateway behind the load balancer one --signing-key FILE");
      }
      ServerLog.info("agents' handshakes are signed with the key " + signingKey.fingerprint() + " (" + keyFile
          + "); agents pin its public key: " + (store != null ? "takumo-server admin signing-key"
              : "openssl pkey -pubout -in " + keyFile + " (give every gateway of the fleet the same --signing-key)"));
      return new GatewayServer(config, database, remoteLink, shared, vertx, lifecycle, proxy, accessLog, gatewayUrl, adminUrl);
    } catch (IOException | RuntimeException e) {
      vertx.close();
      if (database != null) {
        database.close();
      }
      if (shared != null) {
        shared.close();
      }
      throw e;
    }
  }

  public String gatewayUrl() {
    return gatewayUrl;
  }

  public String adminUrl() {
    return adminUrl;
  }

  public int requestsInFlight() {
    return lifecycle.inFlight();
  }

  /**
   * The graceful stop: new provider requests get 503 and readiness fails at once, requests in
   * flight (streams included) run to their end for up to the drain timeout, then everything closes.
   */
  public void drainAndStop() throws InterruptedException {
    int inFlight = lifecycle.inFlight();
    ServerLog.info("draining: " + inFlight + " request(s) in flight, new ones get 503 (up to "
        + config.drainTimeoutSeconds() + " s)");
    boolean drained = lifecycle.drain(config.drainTimeoutSeconds(), TimeUnit.SECONDS);
    if (!drained) {
      ServerLog.warn("drain timeout: " + lifecycle.inFlight() + " request(s) still in flight are cut off");
    }
    proxy.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      ServerLog.warn("the HTTP stack did not close cleanly (" + e.getClass().getSimpleName() + ")");
    }
    accessLog.close();
    if (database != null) {
      database.close();
    }
    if (shared != null) {
      shared.close();
    }
    if (remoteLink != null) {
      try {
        remoteLink.close();
      } catch (Exception e) {
        ServerLog.warn("the coordinator link did not close cleanly (" + e.getClass().getSimpleName() + ")");
      }
    }
    AdminFile.delete(config.dataDir());
    ServerLog.info("stopped");
  }

  /** The options of every HTTP listener (the coordinator's too). */
  public static HttpServerOptions serverOptions(HostPort at) {
    // HTTP/2 over cleartext (h2c) is on by default; with TLS, ALPN offers h2 and http/1.1.
    // 100-continue answered at once: clients such as curl otherwise wait a second before sending a body.
    return new HttpServerOptions().setHost(at.host()).setPort(at.port()).setCompressionSupported(false)
        .setHandle100ContinueAutomatically(true)
        .setIdleTimeout(600).setIdleTimeoutUnit(TimeUnit.SECONDS);
  }

  /**
   * Deploys {@code instances} servers on one port, each on its own event loop: Vert.x shares the
   * listening socket among servers of the same host and port (port 0 included: they share the
   * port the first one got).
   */
  public static int listen(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler, int instances)
      throws IOException, InterruptedException {
    List<ListenerVerticle> servers = new ArrayList<>();
    await(vertx.deployVerticle(() -> {
      ListenerVerticle server = new ListenerVerticle(options, handler);
      synchronized (servers) {
        servers.add(server);
      }
      return server;
    }, new DeploymentOptions().setInstances(instances)), "listen on " + options.getHost() + ":" + options.getPort());
    synchronized (servers) {
      return servers.get(0).actualPort();
    }
  }

  private static void await(Future<?> future, String what) throws IOException, InterruptedException {
    try {
      future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IOException("cannot " + what + ": " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName()));
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("cannot " + what + ": timed out");
    }
  }

  public static Path createDataDir(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    return dir.toAbsolutePath().normalize();
  }

  public static String newAdminToken(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return "tk_admin_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
