package io.takumo.aegis.server.coordinator;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.takumo.aegis.server.admin.AdminApi;
import io.takumo.aegis.server.admin.AdminFile;
import io.takumo.aegis.server.admission.RecentRefusals;
import io.takumo.aegis.server.dashboard.DashboardPages;
import io.takumo.aegis.server.dashboard.DashboardSessions;
import io.takumo.aegis.server.gateway.GatewayServer;
import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.Lifecycle;
import io.takumo.aegis.server.ops.Operations;
import io.takumo.aegis.server.ops.ServerLog;
import io.takumo.aegis.server.store.Database;
import io.takumo.aegis.server.store.JdbcStore;
import io.takumo.aegis.server.store.Store;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator: owns orgs, plans, API keys, join keys and usage in its database (embedded H2
 * under {@code --data}, or PostgreSQL with {@code --db}); serves the admin API (the standalone
 * gateway's, plus join keys and fleet) on its HTTP listener and the fleet protocol on gRPC.
 */
public final class CoordinatorServer {
  /**
   * How often a gateway may ping an idle stream: at most every 20 s. Gateways ping every 30 s
   * ({@code FleetClient}); grpc-java's default (5 min) would answer their pings with GOAWAY
   * {@code too_many_pings}.
   */
  public static final long PERMIT_KEEPALIVE_SECONDS = 20;
  /** The coordinator pings a silent gateway after a minute and drops it after 20 s without an answer. */
  static final long KEEPALIVE_SECONDS = 60;
  static final long KEEPALIVE_TIMEOUT_SECONDS = 20;

  private final Database database;
  private final Vertx vertx;
  private final Server grpc;
  private final ConfigPublisher publisher;
  private final GatewayStreams streams;
  private final FleetRepository fleet;
  private final Path dataDir;

  private CoordinatorServer(Database database, Vertx vertx, Server grpc, ConfigPublisher publisher,
      GatewayStreams streams, FleetRepository fleet, Path dataDir) {
    this.fleet = fleet;
    this.database = database;
    this.vertx = vertx;
    this.grpc = grpc;
    this.publisher = publisher;
    this.streams = streams;
    this.dataDir = dataDir;
  }

  public static CoordinatorServer start(CoordinatorConfig config) throws IOException, InterruptedException {
    if ((config.tlsCert() == null) != (config.tlsKey() == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    Path dir = GatewayServer.createDataDir(config.dataDir());
    SecureRandom random = new SecureRandom();
    ApiKeys keys = new ApiKeys(random);
    Database database = config.db() == null ? Database.openEmbedded(dir, config.storeConnections())
        : Database.openUrl(config.db(), config.storeConnections());
    Vertx vertx = null;
    Server grpc = null;
    ConfigPublisher publisher = null;
    try {
      Store store = new JdbcStore(database.dataSource(), keys);
      FleetRepository fleet = new FleetRepository(database.dataSource(), keys);
      Clock clock = Clock.systemUTC();
      publisher = new ConfigPublisher(new ConfigSource(store, database.dataSource()));
      GatewayStreams streams = new GatewayStreams();

      ServerCredentials credentials = config.tlsCert() == null ? InsecureServerCredentials.create()
          : TlsServerCredentials.create(config.tlsCert().toFile(), config.tlsKey().toFile());
      grpc = NettyServerBuilder
          .forAddress(new InetSocketAddress(config.grpcListen().host(), config.grpcListen().port()), credentials)
          .permitKeepAliveTime(PERMIT_KEEPALIVE_SECONDS, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true)
          .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS).keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .addService(ServerInterceptors.intercept(new FleetService(fleet, store, publisher, streams, keys, clock),
              FleetService.identityHeaders()))
          .build().start();
      int grpcPort = ((InetSocketAddress) grpc.getListenSockets().get(0)).getPort();
      String grpcTarget = config.grpcListen().urlHost() + ":" + grpcPort;

      vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
      WorkerExecutor storeWorker = vertx.createSharedWorkerExecutor("takumo-store", config.storeConnections());
      Lifecycle lifecycle = new Lifecycle(1);
      Operations operations = new Operations(lifecycle, store, storeWorker, new GatewayMetrics(lifecycle));
      String token = GatewayServer.newAdminToken(random);
      // The dashboard as on a gateway's admin listener. No agents handshake here (no signing key),
      // and no requests are admitted here, so no refusals are seen (gateways keep theirs).
      AdminApi admin = new AdminApi(store, storeWorker, token, keys, clock, operations, new DashboardSessions(random, clock),
          new RecentRefusals(), null, new FleetAdminRoutes(fleet, streams, keys, clock, grpcTarget));
      DashboardPages dashboard = new DashboardPages();
      int httpPort = GatewayServer.listen(vertx, GatewayServer.serverOptions(config.httpListen()), request -> {
        if (!dashboard.handle(request)) {
          admin.handle(request);
        }
      }, 1);
      String adminUrl = "http://" + config.httpListen().urlHost() + ":" + httpPort;
      // For a coordinator, admin.json's gateway_url is where gateways join.
      new AdminFile(adminUrl, "grpc://" + grpcTarget, token).write(dir);
      ServerLog.info("coordinator: gRPC (fleet) on " + grpcTarget + (config.tlsCert() != null ? " with TLS" : " in plaintext")
          + ", admin API on " + adminUrl + " (dashboard " + adminUrl + DashboardPages.PREFIX + "/), store " + (config.db() == null ? "embedded in " + dir : "PostgreSQL (--db)")
          + "; admin token in " + dir.resolve(AdminFile.NAME));
      return new CoordinatorServer(database, vertx, grpc, publisher, streams, fleet, dir);
    } catch (IOException | RuntimeException e) {
      if (grpc != null) {
        grpc.shutdownNow();
      }
      if (publisher != null) {
        publisher.close();
      }
      if (vertx != null) {
        vertx.close();
      }
      database.close();
      throw e;
    }
  }

  /** Ends every gateway stream (they reconnect to another replica or wait), then stops. */
  public void stop() throws InterruptedException {
    publisher.close();
    for (String id : streams.closeAll(Status.UNAVAILABLE.withDescription("coordinator stopping"))) {
      try {
        fleet.streamClosed(id, java.time.Instant.now());
      } catch (RuntimeException e) {
        ServerLog.warn("fleet: could not mark gateway " + id + " disconnected (" + e.getClass().getSimpleName() + ")");
      }
    }
    grpc.shutdown();
    if (!grpc.awaitTermination(10, TimeUnit.SECONDS)) {
      grpc.shutdownNow();
    }
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      ServerLog.warn("the HTTP stack did not close cleanly (" + e.getClass().getSimpleName() + ")");
    }
    database.close();
    AdminFile.delete(dataDir);
    ServerLog.info("stopped");
  }
}
