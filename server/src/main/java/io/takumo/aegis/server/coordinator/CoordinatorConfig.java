package io.takumo.aegis.server.coordinator;

import io.takumo.aegis.server.config.HostPort;
import java.nio.file.Path;

/**
 * What {@code takumo-server coordinator} runs with (docs/server.md, "Configuration").
 *
 * @param db a {@code jdbc:postgresql:} URL, or null for the embedded database under {@code dataDir}
 * @param tlsCert PEM certificate chain for the gRPC listener, or null for plaintext
 */
public record CoordinatorConfig(HostPort grpcListen, HostPort httpListen, Path dataDir, String db, Path tlsCert,
    Path tlsKey, int storeConnections) {
}
