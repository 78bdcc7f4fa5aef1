package io.takumo.aegis.server.gateway;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code takumo-server} in a forked JVM (its main, on this build's class path), and its admin CLI. */
final class ServerProcess implements AutoCloseable {
  record Result(int exitCode, String stdout, String stderr) {
    String lastLine() {
      String[] lines = stdout.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  final Path dir;
  final Path data;
  final Process process;
  final String gatewayUrl;
  final String adminUrl;
  final String adminToken;

  private ServerProcess(Path dir, Process process) throws IOException, InterruptedException {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.process = process;
    Path adminFile = data.resolve("admin.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!Files.exists(adminFile)) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("the server did not start: " + Files.readString(dir.resolve("server.err")));
      }
      Thread.sleep(50);
    }
    JsonObject json = new JsonObject(Files.readString(adminFile));
    this.gatewayUrl = json.getString("gateway_url");
    this.adminUrl = json.getString("admin_url");
    this.adminToken = json.getString("token");
  }

  static ServerProcess start(Path dir, String... gatewayArgs) throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0"));
    args.addAll(List.of(gatewayArgs));
    return launch(dir, Map.of(), args);
  }

  /**
   * Runs {@code takumo-server ARGS --data DIR/data} (any server command: gateway, coordinator) with
   * these environment variables added, once it has written its admin.json.
   */
  static ServerProcess launch(Path dir, Map<String, String> env, List<String> args) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    List<String> command = java("-Xmx256m");
    // For a profile of the gateway (GatewayBenchmark): e.g. -Dtakumo.server.jvmOptions=-XX:StartFlightRecording=...
    String extra = System.getProperty("takumo.server.jvmOptions", "");
    if (!extra.isBlank()) {
      command.addAll(1, List.of(extra.trim().split("\\s+")));
    }
    command.addAll(args);
    command.addAll(List.of("--data", dir.resolve("data").toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("server.out").toFile())
        .redirectError(dir.resolve("server.err").toFile());
    builder.environment().putAll(env);
    return new ServerProcess(dir, builder.start());
  }

  /** Runs {@code takumo-server admin ARGS} against this server (through --data unless ARGS say otherwise). */
  Result admin(String... args) throws IOException, InterruptedException {
    List<String> command = java("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    command.add("admin");
    command.addAll(List.of(args));
    Process cli = new ProcessBuilder(command).start();
    byte[] out = cli.getInputStream().readAllBytes();
    byte[] err = cli.getErrorStream().readAllBytes();
    if (!cli.waitFor(60, TimeUnit.SECONDS)) {
      cli.destroyForcibly();
      throw new IllegalStateException("the admin CLI hung");
    }
    return new Result(cli.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  Result adminHere(String... args) throws IOException, InterruptedException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--data", data.toString()));
    return admin(all.toArray(String[]::new));
  }

  String stdout() throws IOException {
    return Files.readString(dir.resolve("server.out"));
  }

  String stderr() throws IOException {
    return Files.readString(dir.resolve("server.err"));
  }

  private static List<String> java(String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.takumo.aegis.server.cli.ServerMain"));
    return command;
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
