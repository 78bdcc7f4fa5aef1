package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL on loopback, from the binaries of Debian's {@code postgresql} package
 * ({@code /usr/lib/postgresql/N/bin}): {@code initdb} into a temporary directory, {@code pg_ctl}
 * on a free port, trust authentication for the user {@code takumo}. PostgreSQL refuses to run as
 * root, so as root it runs as the package's {@code postgres} user. Without the binaries the test
 * is skipped, except in CI ({@code CI=true}), where it fails: {@code .ci/run} installs them.
 */
final class PostgresProcess implements AutoCloseable {
  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresProcess(Path bin, Path dir, int port, boolean asPostgresUser) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  static PostgresProcess start() throws IOException, InterruptedException {
    Optional<Path> found = binaries();
    if (found.isEmpty()) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException("PostgreSQL binaries missing under /usr/lib/postgresql/*/bin: .ci/run installs"
            + " the postgresql package");
      }
      assumeTrue(false, "PostgreSQL binaries missing under /usr/lib/postgresql/*/bin (apt-get install postgresql)");
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = Files.createTempDirectory("takumo-pg");
    if (root) {
      UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
      Files.setOwner(dir, postgres);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    PostgresProcess pg = new PostgresProcess(found.get(), dir, port, root);
    pg.run("initdb", "-D", dir.resolve("data").toString(), "-U", "takumo", "--auth=trust", "--no-locale", "-E", "UTF8");
    pg.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("postgres.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start");
    return pg;
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=takumo";
  }

  private static Optional<Path> binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> b.getParent().getFileName().toString(), Comparator.comparingInt(PostgresProcess::major)));
    }
  }

  private static int major(String version) {
    try {
      return Integer.parseInt(version.replaceAll("\\..*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    if (asPostgresUser) {
      command.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    command.add(bin.resolve(tool).toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(90, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(tool + " failed: " + output);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
