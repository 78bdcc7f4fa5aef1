package io.takumo.aegis.server.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Each refusal becomes one log line naming the check, and the right next step. */
class FleetFailureTest {
  private static final String AT = "coord:50051";

  @Test
  void namesTheCheck() {
    assertEquals("join key not recognised (UNAUTHENTICATED)",
        of(Status.UNAUTHENTICATED.withDescription("join key not recognised")).line());
    assertEquals("join key revoked (PERMISSION_DENIED)",
        of(Status.PERMISSION_DENIED.withDescription("join key revoked")).line());
    assertEquals("coordinator unreachable at coord:50051 (UNAVAILABLE)",
        of(Status.UNAVAILABLE.withDescription("io exception")).line());
    assertEquals("TLS with the coordinator at coord:50051 failed (UNAVAILABLE)",
        FleetFailure.of(Status.UNAVAILABLE.withCause(new SSLHandshakeException("PKIX path building failed"))
            .asRuntimeException(), AT).line());
  }

  @Test
  void aRemovedGatewayStopsAndAForgottenIdentityJoinsAgain() {
    FleetFailure removed = of(Status.PERMISSION_DENIED.withDescription("gateway removed from the fleet"));
    assertTrue(removed.permanent());
    FleetFailure revoked = of(Status.PERMISSION_DENIED.withDescription("join key revoked"));
    assertFalse(revoked.permanent());
    assertTrue(of(Status.UNAUTHENTICATED.withDescription("gateway identity not recognised")).identityLost());
    assertFalse(of(Status.UNAUTHENTICATED.withDescription("join key not recognised")).identityLost());
  }

  private static FleetFailure of(Status status) {
    return FleetFailure.of(status.asRuntimeException(), AT);
  }
}
