package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway Redis on loopback from Debian's {@code redis-server} package, without persistence,
 * that a test can stop and start again on the same port. Without the binary the test is skipped,
 * except in CI ({@code CI=true}), where it fails: {@code .ci/run} installs it.
 */
final class RedisProcess implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/redis-server");

  final int port;
  private final Path log;
  private Process process;

  private RedisProcess(int port, Path log) {
    this.port = port;
    this.log = log;
  }

  static RedisProcess start(Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      if ("true".equals(System.getenv("CI"))) {
        throw new IllegalStateException(BINARY + " is missing: .ci/run installs the redis-server package");
      }
      assumeTrue(false, BINARY + " is missing (apt-get install redis-server)");
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Files.createDirectories(dir);
    RedisProcess redis = new RedisProcess(port, dir.resolve("redis.log"));
    redis.start();
    return redis;
  }

  String url() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts it (again) on its port, empty, and waits until it accepts connections. */
  void start() throws IOException, InterruptedException {
    process = new ProcessBuilder(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--save", "", "--appendonly", "no", "--protected-mode", "yes"))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("redis-server did not listen on " + port);
  }

  /** Stops it (SIGTERM, then SIGKILL): everything it held is gone. */
  void stop() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}
