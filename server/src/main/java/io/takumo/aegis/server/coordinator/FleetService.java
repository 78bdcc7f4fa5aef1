package io.takumo.aegis.server.coordinator;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.takumo.aegis.server.fleet.v1.Config;
import io.takumo.aegis.server.fleet.v1.CoordinatorMessage;
import io.takumo.aegis.server.fleet.v1.FleetGrpc;
import io.takumo.aegis.server.fleet.v1.GatewayMessage;
import io.takumo.aegis.server.fleet.v1.JoinRequest;
import io.takumo.aegis.server.fleet.v1.JoinResponse;
import io.takumo.aegis.server.fleet.v1.UsageEntry;
import io.takumo.aegis.server.keys.ApiKeys;
import io.takumo.aegis.server.ops.ServerLog;
import io.takumo.aegis.server.store.Store;
import io.takumo.aegis.server.store.StoreException;
import io.takumo.aegis.server.store.UsageRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The coordinator's side of {@code takumo.fleet.v1.Fleet}: joins, and the one stream per gateway
 * that carries config down and acks, usage and health up. Every refusal is a status whose message
 * names the check that failed, and never quotes the join key or credential.
 */
final class FleetService extends FleetGrpc.FleetImplBase {
  static final Metadata.Key<String> GATEWAY_ID = Metadata.Key.of("takumo-gateway-id", Metadata.ASCII_STRING_MARSHALLER);
  static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Context.Key<String> CALLER_ID = Context.key("takumo-gateway-id");
  private static final Context.Key<String> CALLER_CREDENTIAL = Context.key("takumo-gateway-credential");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
  private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{0,300}");

  private final FleetRepository fleet;
  private final Store store;
  private final ConfigPublisher publisher;
  private final GatewayStreams streams;
  private final ApiKeys secrets;
  private final Clock clock;

  FleetService(FleetRepository fleet, Store store, ConfigPublisher publisher, GatewayStreams streams, ApiKeys secrets,
      Clock clock) {
    this.fleet = fleet;
    this.store = store;
    this.publisher = publisher;
    this.streams = streams;
    this.secrets = secrets;
    this.clock = clock;
  }

  /** Puts the stream's identity headers where {@link #stream} reads them. */
  static ServerInterceptor identityHeaders() {
    return new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        String credential = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        Context context = Context.current().withValue(CALLER_ID, headers.get(GATEWAY_ID))
            .withValue(CALLER_CREDENTIAL, credential);
        return Contexts.interceptCall(context, call, headers, next);
      }
    };
  }

  @Override
  public void join(JoinRequest request, StreamObserver<JoinResponse> response) {
    if (!NAME.matcher(request.getGatewayName()).matches() || !PRINTABLE.matcher(request.getVersion()).matches()
        || !PRINTABLE.matcher(request.getAddress()).matches()) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("gateway name must be 1-100 of letters, digits, '.', '_'"
          + " and '-'; version and address at most 300 printable characters").asRuntimeException());
      return;
    }
    try {
      Optional<JoinKeyInfo> key = JoinKeys.isWellFormed(request.getJoinKey(), JoinKeys.JOIN_KEY)
          ? fleet.findJoinKey(ApiKeys.hash(request.getJoinKey())) : Optional.empty();
      if (key.isEmpty()) {
        ServerLog.warn("fleet: join of gateway '" + request.getGatewayName() + "' refused: join key not recognised");
        response.onError(Status.UNAUTHENTICATED.withDescription("join key not recognised").asRuntimeException());
        return;
      }
      if (key.get().revoked()) {
        ServerLog.warn("fleet: join of gateway '" + request.getGatewayName() + "' refused: join key " + key.get().id()
            + " revoked");
        response.onError(Status.PERMISSION_DENIED.withDescription("join key revoked").asRuntimeException());
        return;
      }
      if (Context.current().isCancelled()) {
        // The gateway gave up waiting (and will join again): no identity nobody holds.
        response.onError(Status.CANCELLED.withDescription("join cancelled by the gateway").asRuntimeException());
        return;
      }
      String credential = secrets.newSecret(JoinKeys.CREDENTIAL);
      GatewayInfo gateway = fleet.addGateway(request.getGatewayName(), key.get(), ApiKeys.hash(credential),
          request.getVersion(), request.getAddress(), clock.instant());
      ServerLog.info("fleet: gateway '" + gateway.name() + "' joined as " + gateway.id() + " with join key "
          + key.get().id() + " (" + key.get().name() + ")");
      response.onNext(JoinResponse.newBuilder().setGatewayId(gateway.id()).setCredential(credential).build());
      response.onCompleted();
    } catch (StoreException e) {
      response.onError(Status.UNAVAILABLE.withDescription("coordinator store unavailable").asRuntimeException());
    }
  }

  @Override
  public StreamObserver<GatewayMessage> stream(StreamObserver<CoordinatorMessage> observer) {
    String gatewayId = CALLER_ID.get();
    Status refusal;
    try {
      refusal = authenticate(gatewayId, CALLER_CREDENTIAL.get());
    } catch (StoreException e) {
      refusal = Status.UNAVAILABLE.withDescription("coordinator store unavailable");
    }
    if (refusal != null) {
      observer.onError(refusal.asRuntimeException());
      return new Ignored();
    }
    GatewayStreams.Open open = new GatewayStreams.Open(observer);
    Consumer<Config> push = config -> open.send(CoordinatorMessage.newBuilder().setConfig(config).build());
    streams.put(gatewayId, open);
    fleet.streamOpened(gatewayId, clock.instant());
    publisher.subscribe(push);
    push.accept(publisher.current());
    ServerLog.info("fleet: gateway " + gatewayId + " connected");
    return new StreamObserver<>() {
      @Override
      public void onNext(GatewayMessage message) {
        try {
          switch (message.getKindCase()) {
            case ACK -> fleet.acked(gatewayId, message.getAck().getVersion(), clock.instant());
            case USAGE -> record(message.getUsage().getEntriesList());
            case HEALTH -> {
              fleet.seen(gatewayId, clock.instant());
              // Removed through another replica sharing the database: close it here too.
              if (fleet.gatewayAuth(gatewayId).map(FleetRepository.GatewayAuth::removed).orElse(true)) {
                streams.close(gatewayId, Status.PERMISSION_DENIED.withDescription("gateway removed from the fleet"));
              }
            }
            default -> {
            }
          }
        } catch (StoreException e) {
          ServerLog.warn("fleet: gateway " + gatewayId + ": " + e.getMessage());
        }
      }

      @Override
      public void onError(Throwable t) {
        ended("stream failed (" + Status.fromThrowable(t).getCode() + ")");
      }

      @Override
      public void onCompleted() {
        ended("stream closed by the gateway");
        open.ended();
        observer.onCompleted();
      }

      private void ended(String why) {
        open.ended();
        publisher.unsubscribe(push);
        streams.remove(gatewayId, open);
        try {
          fleet.streamClosed(gatewayId, clock.instant());
        } catch (StoreException e) {
          ServerLog.warn("fleet: gateway " + gatewayId + ": " + e.getMessage());
        }
        ServerLog.info("fleet: gateway " + gatewayId + " disconnected: " + why);
      }
    };
  }

  /** Null if the identity holds; else the refusal, naming the check. */
  private Status authenticate(String gatewayId, String credential) {
    if (gatewayId == null || credential == null || !JoinKeys.isWellFormed(credential, JoinKeys.CREDENTIAL)) {
      return Status.UNAUTHENTICATED.withDescription("gateway identity missing; join first");
    }
    Optional<FleetRepository.GatewayAuth> auth = fleet.gatewayAuth(gatewayId);
    if (auth.isEmpty() || !MessageDigest.isEqual(auth.get().credentialHash().getBytes(StandardCharsets.US_ASCII),
        ApiKeys.hash(credential).getBytes(StandardCharsets.US_ASCII))) {
      return Status.UNAUTHENTICATED.withDescription("gateway identity not recognised");
    }
    if (auth.get().removed()) {
      return Status.PERMISSION_DENIED.withDescription("gateway removed from the fleet");
    }
    return null;
  }

  /** Each entry is one request a gateway admitted: counted in the org's month, charged to its key. */
  private void record(java.util.List<UsageEntry> entries) {
    for (UsageEntry e : entries) {
      store.reserveRequest(e.getOrgId(), e.getMonth(), null);
      store.recordUsage(new UsageRecord(e.getOrgId(), e.getKeyId(), e.getProvider(), e.getMonth(), e.getInputTokens(),
          e.getOutputTokens(), e.getCreditsMicros()), clock.instant());
    }
  }

  /** The messages of a stream refused at its start. */
  private static final class Ignored implements StreamObserver<GatewayMessage> {
    @Override
    public void onNext(GatewayMessage value) {
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onCompleted() {
    }
  }
}
