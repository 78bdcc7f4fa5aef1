package io.takumo.aegis.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one of the test apps in a forked JVM, with or without the agent, and captures its output. */
final class AppRunner {

  static final Path AGENT_JAR = Path.of(System.getProperty("aegis.agent.jar", "../../agent/target/takumo-aegis.jar")).toAbsolutePath().normalize();
  private static final Path TEST_APPS = Path.of(System.getProperty("aegis.test-apps.dir", "..")).toAbsolutePath().normalize();
  private static final long TIMEOUT_SECONDS = 120;

  private final String module;
  private final List<String> jvmArgs = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private boolean withAgent = true;
  private long timeoutSeconds = TIMEOUT_SECONDS;

  private AppRunner(String module) {
    this.module = module;
  }

  /** An app from {@code test-apps/<module>}, run with the agent attached. */
  static AppRunner app(String module) {
    return new AppRunner(module);
  }

  AppRunner withoutAgent() {
    withAgent = false;
    return this;
  }

  /** A {@code -Dtakumo.aegis.<key>=<value>} for the app's JVM. */
  AppRunner setting(String key, String value) {
    jvmArgs.add("-Dtakumo.aegis." + key + "=" + value);
    return this;
  }

  AppRunner jvmArg(String arg) {
    jvmArgs.add(arg);
    return this;
  }

  /** How long the app may take; more than the default for an app with a second, heavier agent. */
  AppRunner timeout(long seconds) {
    timeoutSeconds = seconds;
    return this;
  }

  AppRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  static String javaExecutable() {
    String configured = System.getProperty("aegis.test.java", "");
    if (!configured.isBlank()) {
      return configured;
    }
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  Result run(String mainClass, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    if (withAgent) {
      command.add("-javaagent:" + AGENT_JAR);
    }
    if (withAgent && jvmArgs.stream().noneMatch(a -> a.startsWith("-Dtakumo.aegis.org-policy-cache="))) {
      // No org policy cache unless a test asks for one: a policy cached by one run must not apply in another.
      command.add("-Dtakumo.aegis.org-policy-cache=");
    }
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classpath());
    command.add(mainClass);
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("TAKUMO_") || k.equals("JAVA_TOOL_OPTIONS"));
    pb.environment().putAll(env);
    Process process = pb.start();
    process.getOutputStream().close();
    CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("app " + mainClass + " did not finish in " + timeoutSeconds + " s: " + command);
    }
    return new Result(process.exitValue(), stdout.join(), new String(stderr.join(), StandardCharsets.UTF_8));
  }

  private String classpath() throws IOException {
    Path dir = TEST_APPS.resolve(module).resolve("target");
    String deps = Files.readString(dir.resolve("app.classpath")).trim();
    return dir.resolve("classes") + (deps.isEmpty() ? "" : java.io.File.pathSeparator + deps);
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What a forked app did. */
  static final class Result {
    final int exitCode;
    final byte[] stdout;
    final String stderr;

    Result(int exitCode, byte[] stdout, String stderr) {
      this.exitCode = exitCode;
      this.stdout = stdout;
      this.stderr = stderr;
    }

    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    /** Fails with the app's output when it did not exit cleanly. */
    Result assertOk() {
      if (exitCode != 0) {
        throw new AssertionError("app exited with " + exitCode + "\nstdout:\n" + out() + "\nstderr:\n" + stderr);
      }
      return this;
    }
  }
}
