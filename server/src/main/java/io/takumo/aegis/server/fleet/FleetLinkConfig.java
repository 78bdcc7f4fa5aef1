package io.takumo.aegis.server.fleet;

import io.takumo.aegis.server.config.HostPort;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a gateway joins its coordinator ({@code gateway --coordinator …}).
 *
 * @param joinKey the join key ({@code jk_…}); never logged
 * @param coordinatorCa PEM CA certificates to trust for the coordinator's TLS, or null for plaintext
 */
public record FleetLinkConfig(HostPort coordinator, String joinKey, String gatewayName, Duration offlineGrace,
    Path coordinatorCa) {

  @Override
  public String toString() {
    return "FleetLinkConfig[coordinator=" + coordinator + ", gatewayName=" + gatewayName + "]";
  }
}
