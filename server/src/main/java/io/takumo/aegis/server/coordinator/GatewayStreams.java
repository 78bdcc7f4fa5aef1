package io.takumo.aegis.server.coordinator;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.takumo.aegis.server.fleet.v1.CoordinatorMessage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The streams this coordinator holds, one per gateway id, so that {@code fleet remove} can close one. */
final class GatewayStreams {
  /** One gateway's stream; gRPC observers are not thread-safe, so every call goes through it. */
  static final class Open {
    private final StreamObserver<CoordinatorMessage> observer;
    private boolean closed;

    Open(StreamObserver<CoordinatorMessage> observer) {
      this.observer = observer;
    }

    synchronized void send(CoordinatorMessage message) {
      if (!closed) {
        observer.onNext(message);
      }
    }

    synchronized void fail(Status status) {
      if (!closed) {
        closed = true;
        observer.onError(status.asRuntimeException());
      }
    }

    synchronized void ended() {
      closed = true;
    }
  }

  private final Map<String, Open> streams = new ConcurrentHashMap<>();

  /** Registers the gateway's new stream; an older one of the same gateway is closed. */
  void put(String gatewayId, Open stream) {
    Open previous = streams.put(gatewayId, stream);
    if (previous != null) {
      previous.fail(Status.ABORTED.withDescription("replaced by a newer stream of the same gateway"));
    }
  }

  void remove(String gatewayId, Open stream) {
    streams.remove(gatewayId, stream);
  }

  /** Closes the gateway's stream, if this coordinator holds one, with the status given. */
  void close(String gatewayId, Status status) {
    Open stream = streams.remove(gatewayId);
    if (stream != null) {
      stream.fail(status);
    }
  }

  /** Closes every stream this coordinator holds; returns the ids of their gateways. */
  java.util.Set<String> closeAll(Status status) {
    java.util.Set<String> ids = java.util.Set.copyOf(streams.keySet());
    ids.forEach(id -> close(id, status));
    return ids;
  }
}
