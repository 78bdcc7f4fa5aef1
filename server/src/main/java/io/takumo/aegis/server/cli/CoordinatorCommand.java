package io.takumo.aegis.server.cli;

import io.takumo.aegis.server.config.HostPort;
import io.takumo.aegis.server.coordinator.CoordinatorConfig;
import io.takumo.aegis.server.coordinator.CoordinatorServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code takumo-server coordinator}: the fleet's control plane, until SIGTERM. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
    description = "Run the coordinator: orgs, plans, keys, join keys and usage for a fleet of gateways.")
final class CoordinatorCommand implements Callable<Integer> {
  @Option(names = "--grpc-listen", paramLabel = "HOST:PORT",
      defaultValue = "${env:TAKUMO_SERVER_GRPC_LISTEN:-127.0.0.1:50051}",
      description = "The fleet protocol (gateways dial in). Env TAKUMO_SERVER_GRPC_LISTEN. Default: ${DEFAULT-VALUE}.")
  String grpcListen;

  @Option(names = "--http-listen", paramLabel = "HOST:PORT",
      defaultValue = "${env:TAKUMO_SERVER_HTTP_LISTEN:-127.0.0.1:8081}",
      description = "Admin API, /healthz, /readyz, /metrics. Env TAKUMO_SERVER_HTTP_LISTEN. Default: ${DEFAULT-VALUE}.")
  String httpListen;

  @Option(names = "--data", paramLabel = "DIR", defaultValue = "${env:TAKUMO_SERVER_DATA}",
      description = "Data directory: admin.json, and the embedded database unless --db. Env TAKUMO_SERVER_DATA. Required.")
  Path data;

  @Option(names = "--db", paramLabel = "URL", defaultValue = "${env:TAKUMO_SERVER_DB}",
      description = "jdbc:postgresql://HOST:PORT/DB?user=…&password=… instead of the embedded database. Env TAKUMO_SERVER_DB.")
  String db;

  @Option(names = "--tls-cert", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_TLS_CERT}",
      description = "PEM certificate chain: serve gRPC over TLS. Env TAKUMO_SERVER_TLS_CERT.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", defaultValue = "${env:TAKUMO_SERVER_TLS_KEY}",
      description = "PEM private key (PKCS#8) of --tls-cert. Env TAKUMO_SERVER_TLS_KEY.")
  Path tlsKey;

  @Option(names = "--store-connections", paramLabel = "N", defaultValue = "${env:TAKUMO_SERVER_STORE_CONNECTIONS:-16}",
      description = "Database connections (and store worker threads). Env TAKUMO_SERVER_STORE_CONNECTIONS. Default: ${DEFAULT-VALUE}.")
  int storeConnections;

  @Override
  public Integer call() throws Exception {
    if (data == null) {
      throw new IllegalArgumentException("--data DIR is required (or TAKUMO_SERVER_DATA)");
    }
    if (storeConnections <= 0) {
      throw new IllegalArgumentException("--store-connections must be a positive number");
    }
    CoordinatorServer server = CoordinatorServer.start(new CoordinatorConfig(HostPort.parse(grpcListen, "--grpc-listen"),
        HostPort.parse(httpListen, "--http-listen"), data, db == null || db.isBlank() ? null : db.trim(), tlsCert, tlsKey,
        storeConnections));
    return RunUntilStopped.await("takumo-stop", server::stop);
  }
}
