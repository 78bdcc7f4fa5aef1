package io.takumo.aegis.server.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;

/**
 * {@code GatewayBenchmark -Dbench=shared}: the cost per request of {@code --redis}. Two
 * standalone gateways on one stand-in, {@code memory} and {@code redis}, with the same plan (a
 * rate limit, monthly requests and credits: every shared counter is used); sequential requests
 * from one client alternate between them, 500 at a time, so both see the same load. Printed: p50
 * and p99 of each, the median of the rounds' p50 differences, and each gateway's CPU per request.
 */
final class SharedStateBench {
  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
  private static final String[] NAMES = {"memory", "redis"};

  private SharedStateBench() {
  }

  static void run() throws Exception {
    Vertx vertx = Vertx.vertx();
    HttpServer standIn = GatewayBenchmark.standIn(vertx, new AtomicInteger());
    String standInUrl = "http://127.0.0.1:" + standIn.actualPort();
    Path dir = Files.createTempDirectory("takumo-bench-shared");
    try (RedisProcess redis = RedisProcess.start(dir.resolve("redis"));
        ServerProcess memory = gateway(dir.resolve("memory"), standInUrl);
        ServerProcess shared = gateway(dir.resolve("redis"), standInUrl, "--redis", redis.url())) {
      ServerProcess[] gateways = {memory, shared};
      String[] keys = new String[2];
      String[] pinned = new String[2];
      for (int g = 0; g < 2; g++) {
        gateways[g].adminHere("plans", "create", "bench", "--rate-limit", "1000000/min", "--requests-per-month", "1000000000",
            "--credits-per-month", "1000000");
        gateways[g].adminHere("orgs", "create", "bench", "--plan", "bench");
        keys[g] = gateways[g].adminHere("keys", "create", "--org", "bench", "--scopes", "llm:chat").lastLine();
        pinned[g] = gateways[g].adminHere("signing-key").stdout();
      }
      System.out.printf("load before: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      measure("base-URL chat request", gateways, g -> client.send(HttpRequest.newBuilder(
          URI.create(gateways[g].gatewayUrl + "/v1/chat/completions")).header("Content-Type", "application/json")
          .header("Authorization", "Bearer sk-bench").header("X-Takumo-Api-Key", keys[g])
          .POST(HttpRequest.BodyPublishers.ofString(CHAT)).build(), HttpResponse.BodyHandlers.ofString()));
      ProtocolClient[] agents = {new ProtocolClient(memory.gatewayUrl), new ProtocolClient(shared.gatewayUrl)};
      ProtocolClient.Session[] sessions = {agents[0].handshake(keys[0], pinned[0]), agents[1].handshake(keys[1], pinned[1])};
      measure("agent's routed request", gateways, g -> agents[g].send(new ProtocolClient.Routed(sessions[g], "POST",
          "https://api.openai.com/v1/chat/completions").body(CHAT).header("Content-Type", "application/json")
          .header("Authorization", "Bearer sk-bench")));
      System.out.printf("load after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      vertx.close();
    }
  }

  interface Send {
    HttpResponse<String> to(int gateway) throws Exception;
  }

  private static void measure(String what, ServerProcess[] gateways, Send send) throws Exception {
    int rounds = Integer.getInteger("rounds", 10);
    Histogram[] all = {new Histogram(3), new Histogram(3)};
    List<Long> differences = new ArrayList<>();
    long[] cpu0 = new long[2];
    for (int round = -4; round < rounds; round++) {
      if (round == 0) {
        for (int g = 0; g < 2; g++) {
          cpu0[g] = GatewayBenchmark.cpuTicks(gateways[g].process.pid());
        }
      }
      long[] p50 = new long[2];
      for (int g = 0; g < 2; g++) {
        Histogram histogram = new Histogram(3);
        for (int n = 0; n < 500; n++) {
          long t0 = System.nanoTime();
          HttpResponse<String> response = send.to(g);
          long micros = (System.nanoTime() - t0) / 1000;
          if (response.statusCode() != 200) {
            throw new IllegalStateException(what + " on " + NAMES[g] + ": HTTP " + response.statusCode() + " " + response.body());
          }
          histogram.recordValue(micros);
        }
        p50[g] = histogram.getValueAtPercentile(50);
        if (round >= 0) {
          all[g].add(histogram);
        }
      }
      if (round >= 0) {
        differences.add(p50[1] - p50[0]);
      }
    }
    for (int g = 0; g < 2; g++) {
      double cpuMicros = (GatewayBenchmark.cpuTicks(gateways[g].process.pid()) - cpu0[g]) * 10_000.0 / (rounds * 500);
      System.out.printf("%s, %-6s n=%d p50 %5d us  p99 %6d us  CPU %.0f us per request%n", what, NAMES[g],
          all[g].getTotalCount(), all[g].getValueAtPercentile(50), all[g].getValueAtPercentile(99), cpuMicros);
    }
    long[] sorted = differences.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf("%s: redis minus memory, p50 per round (us): %s; median %d us%n", what, Arrays.toString(sorted),
        sorted[sorted.length / 2]);
  }

  private static ServerProcess gateway(Path dir, String standInUrl, String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("--openai-base-url", standInUrl, "--allow-private-upstreams",
        "--access-log", "off"));
    args.addAll(List.of(more));
    return ServerProcess.start(dir, args.toArray(String[]::new));
  }
}
