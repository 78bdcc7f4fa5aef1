package io.takumo.aegis.server.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The fleet's control plane, timed (BENCHMARKS.md, "The fleet: join time, config propagation").
 * Not a test: run by hand, after {@code mvn -o -B -q package -DskipTests}, from the repository root,
 * with the class path GatewayBenchmark's comment builds:
 *
 * <pre>
 * java -cp "engine/target/classes:server/target/test-classes:server/target/classes:$(cat server/target/bench.classpath)" \
 *     -Dtakumo.server.home=$PWD io.takumo.aegis.server.gateway.FleetBenchmark
 * </pre>
 *
 * A coordinator (embedded store) and three gateways, each in its own JVM as {@code bin/takumo-server}
 * runs it, on loopback, with a stand-in provider in this JVM:
 * <ol>
 *   <li>Join: three gateways started together ({@code -Dtogether=false}: one after another),
 *       {@code -DjoinRounds} times (default 3). For each,
 *       from its process start to its "joined" log line, to its first config applied, and to
 *       {@code /readyz} 200 (serving); and the join itself, from its "listening" line to its
 *       "joined" line (the log lines' own timestamps).
 *   <li>Propagation: {@code -Drevocations} times (default 30), an API key revoked through the
 *       coordinator's admin API, then the time from the API's 200 until each gateway refuses the key
 *       (401), each gateway polled by its own thread; a random 100-400 ms between revocations, so
 *       they land anywhere in the coordinator's 200 ms poll.
 * </ol>
 */
public final class FleetBenchmark {
  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
  private static final int GATEWAYS = 3;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private FleetBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    int joinRounds = Integer.getInteger("joinRounds", 3);
    int revocations = Integer.getInteger("revocations", 30);
    // As a Deployment rolls out three replicas at once, or one gateway at a time (-Dtogether=false).
    boolean together = Boolean.parseBoolean(System.getProperty("together", "true"));
    Path dir = Files.createTempDirectory("takumo-fleet-bench");
    String grpc;
    try (ServerSocket socket = new ServerSocket(0)) {
      grpc = "127.0.0.1:" + socket.getLocalPort();
    }
    List<ServerProcess> gateways = new ArrayList<>();
    try (StandInProvider provider = new StandInProvider();
        ServerProcess coordinator = ServerProcess.launch(dir.resolve("coordinator"), Map.of(),
            List.of("coordinator", "--grpc-listen", grpc, "--http-listen", "127.0.0.1:0"))) {
      coordinator.adminHere("plans", "create", "bench");
      coordinator.adminHere("orgs", "create", "bench", "--plan", "bench");
      String joinKey = coordinator.adminHere("join-keys", "create", "--name", "bench").lastLine();
      System.out.printf("load before: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());

      Histogram toJoined = new Histogram(3);
      Histogram toConfig = new Histogram(3);
      Histogram toReady = new Histogram(3);
      Histogram joinCall = new Histogram(3);
      for (int round = 0; round < joinRounds; round++) {
        gateways.forEach(ServerProcess::close);
        gateways.clear();
        List<CompletableFuture<long[]>> joins = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
          Path at = dir.resolve("r" + round + "-g" + g);
          CompletableFuture<long[]> join = CompletableFuture.supplyAsync(() -> join(at, grpc, joinKey, provider.baseUrl(), gateways));
          if (!together) {
            join.join();
          }
          joins.add(join);
        }
        for (CompletableFuture<long[]> join : joins) {
          long[] millis = join.get(180, TimeUnit.SECONDS);
          toJoined.recordValue(millis[0]);
          toConfig.recordValue(millis[1]);
          toReady.recordValue(millis[2]);
          joinCall.recordValue(millis[3]);
        }
      }
      report("join: process start to 'joined' line", toJoined);
      report("join: process start to first config applied", toConfig);
      report("join: process start to /readyz 200 (serving)", toReady);
      report("join: 'listening' line to 'joined' line (the Join call)", joinCall);

      List<String[]> keys = new ArrayList<>();
      for (int i = 0; i < revocations; i++) {
        JsonObject created = new JsonObject(send(coordinator, "POST", "/admin/v1/keys",
            new JsonObject().put("org", "bench").put("scopes", new JsonArray().add("llm:chat"))));
        keys.add(new String[] {created.getString("id"), created.getString("key")});
      }
      for (ServerProcess gateway : gateways) {
        awaitStatus(gateway, keys.get(revocations - 1)[1], 200);
      }
      Histogram each = new Histogram(3);
      Histogram all = new Histogram(3);
      for (String[] key : keys) {
        Thread.sleep(100 + ThreadLocalRandom.current().nextInt(300));
        send(coordinator, "POST", "/admin/v1/keys/" + key[0] + "/revoke", new JsonObject());
        long revoked = System.nanoTime();
        List<CompletableFuture<Long>> refused = new ArrayList<>();
        for (ServerProcess gateway : gateways) {
          refused.add(CompletableFuture.supplyAsync(() -> awaitStatus(gateway, key[1], 401) - revoked));
        }
        long slowest = 0;
        for (CompletableFuture<Long> r : refused) {
          long nanos = r.get(30, TimeUnit.SECONDS);
          each.recordValue(TimeUnit.NANOSECONDS.toMicros(nanos));
          slowest = Math.max(slowest, nanos);
        }
        all.recordValue(TimeUnit.NANOSECONDS.toMicros(slowest));
      }
      reportMicros("propagation: revoke to 401, each gateway", each);
      reportMicros("propagation: revoke to 401 on all " + GATEWAYS + " gateways", all);
      System.out.printf("load after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      gateways.forEach(ServerProcess::close);
    }
  }

  /** Starts a gateway; millis from its process start to joined, to config applied, to ready, and listening to joined. */
  private static long[] join(Path dir, String grpc, String joinKey, String providerUrl, List<ServerProcess> started) {
    try {
      long start = System.currentTimeMillis();
      ServerProcess gateway = ServerProcess.launch(dir, Map.of("TAKUMO_SERVER_JOIN_KEY", joinKey),
          List.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--coordinator", grpc,
              "--gateway-name", dir.getFileName().toString(), "--openai-base-url", providerUrl, "--allow-private-upstreams",
              "--access-log", "off"));
      synchronized (started) {
        started.add(gateway);
      }
      while (true) {
        HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.adminUrl + "/readyz")).build(),
            HttpResponse.BodyHandlers.discarding());
        if (ready.statusCode() == 200) {
          break;
        }
        Thread.sleep(10);
      }
      long readyAt = System.currentTimeMillis();
      // The config's log line follows its ack, which may come after /readyz turned 200.
      String log;
      while (!(log = gateway.stderr()).contains("fleet: config version")) {
        Thread.sleep(10);
      }
      long listening = at(log, "gateway listening on");
      long joined = at(log, "fleet: joined the coordinator");
      long config = at(log, "fleet: config version");
      return new long[] {joined - start, config - start, readyAt - start, joined - listening};
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The timestamp of the first log line holding this text, in epoch millis. */
  private static long at(String log, String text) {
    String line = log.lines().filter(l -> l.contains(text)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no '" + text + "' in the gateway's log"));
    return Instant.parse(line.substring(0, line.indexOf(' '))).toEpochMilli();
  }

  /** Sends chat requests with this key until the gateway answers this status; when it did, by System.nanoTime. */
  private static long awaitStatus(ServerProcess gateway, String key, int status) {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        int got = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.gatewayUrl + "/v1/chat/completions"))
            .header("Content-Type", "application/json").header("Authorization", "Bearer sk-proj-standin")
            .header("X-Takumo-Api-Key", key).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (got == status) {
          return System.nanoTime();
        }
      }
      throw new IllegalStateException("the gateway never answered " + status);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String send(ServerProcess coordinator, String method, String path, JsonObject body) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(coordinator.adminUrl + path))
        .header("Authorization", "Bearer " + coordinator.adminToken).header("Content-Type", "application/json")
        .method(method, HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + ": " + response.statusCode());
    }
    return response.body();
  }

  private static void report(String what, Histogram millis) {
    System.out.printf("%-62s n=%d p50 %d ms, p99 %d ms, max %d ms%n", what, millis.getTotalCount(),
        millis.getValueAtPercentile(50), millis.getValueAtPercentile(99), millis.getMaxValue());
  }

  private static void reportMicros(String what, Histogram micros) {
    System.out.printf("%-62s n=%d p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", what, micros.getTotalCount(),
        micros.getValueAtPercentile(50) / 1000.0, micros.getValueAtPercentile(99) / 1000.0, micros.getMaxValue() / 1000.0);
  }
}
