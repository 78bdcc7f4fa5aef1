package io.takumo.aegis.server.fleet;

import io.grpc.Status;
import javax.net.ssl.SSLException;

/** A failed join or stream, in one line that names the check: key wrong, revoked, removed, unreachable, TLS. */
record FleetFailure(String check, Status.Code code, boolean permanent, boolean identityLost) {

  static FleetFailure of(Throwable failure, String coordinator) {
    Status status = Status.fromThrowable(failure);
    String description = status.getDescription() == null ? "" : status.getDescription();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new FleetFailure("TLS with the coordinator at " + coordinator + " failed", status.getCode(), false, false);
      }
    }
    return switch (status.getCode()) {
      case UNAVAILABLE -> new FleetFailure(description.startsWith("coordinator")
          ? description : "coordinator unreachable at " + coordinator, status.getCode(), false, false);
      case DEADLINE_EXCEEDED -> new FleetFailure("coordinator at " + coordinator + " did not answer in time",
          status.getCode(), false, false);
      // The coordinator no longer knows this identity (its database was reset): join again.
      case UNAUTHENTICATED -> new FleetFailure(description, status.getCode(), false, description.startsWith("gateway identity"));
      // Removed from the fleet: not worth retrying.
      case PERMISSION_DENIED -> new FleetFailure(description, status.getCode(),
          description.contains("removed"), false);
      default -> new FleetFailure(description.isEmpty() ? "stream ended" : description, status.getCode(), false, false);
    };
  }

  String line() {
    return check + " (" + code + ")";
  }
}
