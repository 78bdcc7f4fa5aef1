package io.takumo.aegis.server.fleet;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.takumo.aegis.server.fleet.v1.Ack;
import io.takumo.aegis.server.fleet.v1.CoordinatorMessage;
import io.takumo.aegis.server.fleet.v1.FleetGrpc;
import io.takumo.aegis.server.fleet.v1.GatewayMessage;
import io.takumo.aegis.server.fleet.v1.Health;
import io.takumo.aegis.server.fleet.v1.JoinRequest;
import io.takumo.aegis.server.fleet.v1.JoinResponse;
import io.takumo.aegis.server.fleet.v1.UsageEntry;
import io.takumo.aegis.server.fleet.v1.UsageReport;
import io.takumo.aegis.server.gateway.RemoteStoreLink;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.ServerLog;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * The gateway's side of the fleet protocol: it dials the coordinator, exchanges the join key for an
 * identity, and holds one stream, applying each pushed config to the {@link FleetStore} and acking
 * it, and reporting usage (every second) and health (every 10 s). When the stream breaks it
 * reconnects with exponential backoff (0.5 s to 30 s, with jitter), reusing its identity. It logs
 * one line for the join, one per config version, and one per distinct failure, naming the check.
 */
public final class FleetClient implements RemoteStoreLink {
  /** Pings on an idle connection every 30 s; the coordinator permits one every 20 s. */
  static final long KEEPALIVE_SECONDS = 30;
  static final long KEEPALIVE_TIMEOUT_SECONDS = 10;
  private static final long JOIN_DEADLINE_SECONDS = 30;
  private static final long BACKOFF_MIN_MILLIS = 500;
  private static final long BACKOFF_MAX_MILLIS = 30_000;
  private static final int USAGE_BATCH = 500;

  private final FleetLinkConfig config;
  private final FleetStore store;
  private final IntSupplier inFlight;
  private final ManagedChannel channel;
  private final String target;
  private final ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "takumo-fleet-report"));
  private final Thread loop;
  private volatile boolean closed;
  private volatile ClientCallStreamObserver<GatewayMessage> stream;
  private JoinResponse identity;
  private String lastFailure;
  private String address;

  public FleetClient(FleetLinkConfig config, FleetStore store, IntSupplier inFlight) throws IOException {
    this.config = config;
    this.store = store;
    this.inFlight = inFlight;
    this.target = config.coordinator().urlHost() + ":" + config.coordinator().port();
    ChannelCredentials credentials = config.coordinatorCa() == null ? InsecureChannelCredentials.create()
        : TlsChannelCredentials.newBuilder().trustManager(config.coordinatorCa().toFile()).build();
    this.channel = NettyChannelBuilder.forTarget(target, credentials)
        .keepAliveTime(KEEPALIVE_SECONDS, TimeUnit.SECONDS).keepAliveTimeout(KEEPALIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true).build();
    this.loop = daemon(this::run, "takumo-fleet");
  }

  /** The link's gauges, beside the gateway's own metrics. */
  @Override
  public void registerMetrics(GatewayMetrics metrics) {
    metrics.gauge("takumo_gateway_fleet_connected", "1 while the stream to the coordinator is up, else 0",
        () -> store.online() ? 1 : 0);
    metrics.gauge("takumo_gateway_fleet_config_version", "The version of the config applied and acked last (-1: none yet)",
        store::version);
  }

  /** Starts joining; {@code address} is where this gateway serves, as the fleet list shows it. */
  public void start(String address) {
    this.address = address;
    reporter.scheduleWithFixedDelay(this::reportUsage, 1, 1, TimeUnit.SECONDS);
    reporter.scheduleWithFixedDelay(this::reportHealth, 10, 10, TimeUnit.SECONDS);
    loop.start();
  }

  private void run() {
    long backoff = BACKOFF_MIN_MILLIS;
    while (!closed) {
      try {
        if (identity == null) {
          identity = join();
        }
        if (holdStream()) {
          backoff = BACKOFF_MIN_MILLIS;
        }
      } catch (StatusRuntimeException e) {
        if (failed(FleetFailure.of(e, target))) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      store.disconnected();
      try {
        Thread.sleep(backoff + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      } catch (InterruptedException e) {
        return;
      }
      backoff = Math.min(backoff * 2, BACKOFF_MAX_MILLIS);
    }
  }

  private JoinResponse join() {
    JoinResponse joined = FleetGrpc.newBlockingStub(channel).withDeadlineAfter(JOIN_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .join(JoinRequest.newBuilder().setJoinKey(config.joinKey()).setGatewayName(config.gatewayName())
            .setVersion(version()).setAddress(address).build());
    lastFailure = null;
    ServerLog.info("fleet: joined the coordinator at " + target + " as " + joined.getGatewayId() + " (name '"
        + config.gatewayName() + "')");
    return joined;
  }

  /** Holds the stream until it ends; true if it carried a config (the backoff starts over). */
  private boolean holdStream() throws InterruptedException {
    Metadata headers = new Metadata();
    headers.put(Metadata.Key.of("takumo-gateway-id", Metadata.ASCII_STRING_MARSHALLER), identity.getGatewayId());
    headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + identity.getCredential());
    CompletableFuture<Void> ended = new CompletableFuture<>();
    boolean[] configured = {false};
    FleetGrpc.newStub(channel).withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .stream(new ClientResponseObserver<GatewayMessage, CoordinatorMessage>() {
          @Override
          public void beforeStart(ClientCallStreamObserver<GatewayMessage> requests) {
            stream = requests;
          }

          @Override
          public void onNext(CoordinatorMessage message) {
            if (message.hasConfig()) {
              store.apply(message.getConfig());
              store.connected();
              configured[0] = true;
              lastFailure = null;
              long version = message.getConfig().getVersion();
              send(GatewayMessage.newBuilder().setAck(Ack.newBuilder().setVersion(version)).build());
              ServerLog.info("fleet: config version " + version + " applied and acked (" + message.getConfig().getKeysCount()
                  + " active key(s), " + message.getConfig().getPlansCount() + " plan(s))");
            }
          }

          @Override
          public void onError(Throwable t) {
            ended.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            ended.complete(null);
          }
        });
    try {
      ended.get();
      failed(new FleetFailure("the coordinator closed the stream", io.grpc.Status.Code.OK, false, false));
    } catch (ExecutionException e) {
      stream = null;
      if (e.getCause() instanceof StatusRuntimeException s) {
        throw s;
      }
      throw io.grpc.Status.UNAVAILABLE.withCause(e.getCause()).asRuntimeException();
    } finally {
      stream = null;
    }
    return configured[0];
  }

  /** Logs the failure if it is new; true if the client should stop trying. */
  private boolean failed(FleetFailure failure) {
    if (failure.identityLost()) {
      identity = null;
    }
    String line = failure.line();
    if (!line.equals(lastFailure)) {
      lastFailure = line;
      if (failure.permanent()) {
        ServerLog.error("fleet: " + line + "; not reconnecting, admitting nothing");
      } else if (store.version() < 0) {
        ServerLog.warn("fleet: " + line + "; retrying with backoff (no config yet: requests get 503)");
      } else {
        ServerLog.warn("fleet: " + line + "; retrying with backoff, admitting with config version " + store.version()
            + " for up to " + config.offlineGrace().toSeconds() + " s");
      }
    }
    if (failure.permanent()) {
      store.removed();
    }
    return failure.permanent();
  }

  private void reportUsage() {
    long dropped = store.takeDropped();
    if (dropped > 0) {
      ServerLog.warn("fleet: " + dropped + " usage record(s) dropped: the queue for the coordinator was full");
    }
    if (stream == null) {
      return;
    }
    List<UsageEntry> entries;
    while (!(entries = store.drainUsage(USAGE_BATCH)).isEmpty()) {
      if (!send(GatewayMessage.newBuilder().setUsage(UsageReport.newBuilder().addAllEntries(entries)).build())) {
        store.requeue(entries);
        return;
      }
    }
  }

  private void reportHealth() {
    send(GatewayMessage.newBuilder().setHealth(Health.newBuilder().setReady(store.version() >= 0)
        .setRequestsInFlight(inFlight.getAsInt())).build());
  }

  /** Sends on the current stream; false if there is none or it failed. */
  private boolean send(GatewayMessage message) {
    ClientCallStreamObserver<GatewayMessage> current = stream;
    if (current == null) {
      return false;
    }
    try {
      synchronized (current) {
        current.onNext(message);
      }
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String version() {
    String version = FleetClient.class.getPackage().getImplementationVersion();
    return version != null ? version : "development";
  }

  private static Thread daemon(Runnable r, String name) {
    Thread thread = new Thread(r, name);
    thread.setDaemon(true);
    return thread;
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    reporter.shutdown();
    reportUsage();
    ClientCallStreamObserver<GatewayMessage> current = stream;
    if (current != null) {
      synchronized (current) {
        current.onCompleted();
      }
    }
    loop.interrupt();
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
      channel.shutdownNow();
    }
  }
}
