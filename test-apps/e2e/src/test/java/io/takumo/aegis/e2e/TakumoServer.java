package io.takumo.aegis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Takumo gateway server as shipped: {@code bin/takumo-server gateway} (the jar {@code mvn
 * package} built) in its own JVM on loopback, set up with {@code bin/takumo-server admin}.
 */
final class TakumoServer implements AutoCloseable {
  private static final Path HOME = Path.of(System.getProperty("aegis.server.home", "../..")).toAbsolutePath().normalize();

  final Path dir;
  final Path data;
  private final Process process;
  /** The provider base URL (the agent's gateway-url is this plus {@code /v1}). */
  final String url;

  private TakumoServer(Path dir, Process process) throws IOException, InterruptedException {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.process = process;
    Path adminFile = data.resolve("admin.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(adminFile)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the server did not start: " + Files.readString(dir.resolve("server.err")));
      }
      Thread.sleep(50);
    }
    JsonNode admin = FakeProvider.JSON.readTree(Files.readString(adminFile));
    this.url = admin.get("gateway_url").asText();
  }

  /** Starts {@code takumo-server gateway} on free loopback ports with these further flags. */
  static TakumoServer start(Path dir, String... flags) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"));
    args.addAll(List.of(flags));
    return launch(dir, Map.of(), args);
  }

  /** Starts {@code takumo-server ARGS --data DIR/data} (a gateway, a coordinator) with these variables added. */
  static TakumoServer launch(Path dir, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/takumo-server").toString()));
    command.addAll(args);
    command.addAll(List.of("--data", dir.resolve("data").toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(dir.resolve("server.out").toFile())
        .redirectError(dir.resolve("server.err").toFile());
    environment(pb);
    pb.environment().putAll(env);
    return new TakumoServer(dir, pb.start());
  }

  /** {@code takumo-server admin ARGS --data DIR}; its stdout, or an error with its stderr. */
  String admin(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/takumo-server").toString(), "admin"));
    command.addAll(List.of(args));
    command.addAll(List.of("--data", data.toString()));
    ProcessBuilder pb = new ProcessBuilder(command);
    environment(pb);
    Process cli = pb.start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return cli.getErrorStream().readAllBytes();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
      cli.destroyForcibly();
      throw new AssertionError("takumo-server admin " + String.join(" ", args) + " failed: "
          + new String(err.join(), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The server runs on the JDK that runs the tests; nothing of the agent's settings reaches it. */
  private static void environment(ProcessBuilder pb) {
    pb.environment().keySet().removeIf(k -> k.startsWith("TAKUMO_") || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JAVA_OPTS"));
    pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  String stdout() throws IOException {
    return Files.readString(dir.resolve("server.out"));
  }

  String stderr() throws IOException {
    return Files.readString(dir.resolve("server.err"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
