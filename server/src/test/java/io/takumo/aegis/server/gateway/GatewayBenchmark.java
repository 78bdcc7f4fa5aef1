package io.takumo.aegis.server.gateway;

import io.takumo.aegis.server.keys.Scope;
import io.takumo.aegis.server.ops.GatewayMetrics;
import io.takumo.aegis.server.ops.Lifecycle;
import io.takumo.aegis.server.protect.EngineSeam;
import io.takumo.aegis.server.protect.OrgPolicies;
import io.takumo.aegis.server.protect.ProtectionLimits;
import io.takumo.aegis.server.provider.ProviderRoute;
import io.takumo.aegis.server.proxy.ProtectionSeam;
import io.takumo.aegis.server.store.KeyPrincipal;
import io.takumo.aegis.server.store.Plan;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * What the gateway adds (BENCHMARKS.md, "The gateway: protection, added latency, streams"). Not a
 * test: run by hand, after {@code mvn -o -B -q package -DskipTests}, from the repository root:
 *
 * <pre>
 * mvn -o -B -q -pl server dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
 * java -cp server/target/test-classes:server/target/classes:$(cat server/target/bench.classpath) \
 *     -Dtakumo.server.home=$PWD io.takumo.aegis.server.gateway.GatewayBenchmark
 * </pre>
 *
 * <ol>
 *   <li>The engine's work on a 16 KiB chat body in this JVM: tokenize it (one secret), restore its reply.
 *   <li>Sequential 16 KiB chat requests from one JDK HTTP client, straight to a stand-in provider
 *       (Vert.x, in this JVM) and through the gateway (its own JVM, as {@code bin/takumo-server}
 *       runs it) to the same stand-in: p50 and p99 of each, with and without a secret in the body.
 *   <li>200 concurrent SSE streams through the gateway (50 events, one every 20 ms, each quoting
 *       the request's token): events per second, the longest gap between two events of a stream,
 *       and the gateway's CPU.
 *   <li>Agent handshakes ({@code POST /v1/_takumo/session}), sequential, each as an agent makes
 *       it: a fresh X25519 key pair, the reply's signature verified with the pinned key, the keys
 *       derived and the org policy decrypted, on the client's side included.
 * </ol>
 *
 * <p>With {@code -Dbench=shared}, instead: what the shared state costs per request (BENCHMARKS.md,
 * "Shared state (Redis)"). Two gateways run side by side on the same stand-in, one keeping its
 * state in memory and one with {@code --redis} (a redis-server on loopback), and the same
 * sequential requests alternate between them in rounds: base-URL chat requests (rate limit,
 * monthly requests and credits checked, usage charged) and an agent's routed requests (session
 * and nonce too).
 */
public final class GatewayBenchmark {
  private static final String SECRET = "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";
  private static final Pattern TOKEN = Pattern.compile("TKM_[a-z0-9]{2,4}_[0-9a-z]{20}");
  private static final int STREAMS = Integer.getInteger("streams", 200);
  private static final int EVENTS = 50;

  private GatewayBenchmark() {
  }

  public static void main(String[] args) throws Exception {
    if ("shared".equals(System.getProperty("bench"))) {
      SharedStateBench.run();
      return;
    }
    engineAlone();
    Vertx vertx = Vertx.vertx();
    AtomicInteger connections = new AtomicInteger();
    HttpServer standIn = standIn(vertx, connections);
    String standInUrl = "http://127.0.0.1:" + standIn.actualPort();
    Path dir = Files.createTempDirectory("takumo-bench");
    try (ServerProcess server = ServerProcess.start(dir, "--openai-base-url", standInUrl, "--allow-private-upstreams",
        "--access-log", "off")) {
      server.adminHere("plans", "create", "bench");
      server.adminHere("orgs", "create", "bench", "--plan", "bench");
      String key = server.adminHere("keys", "create", "--org", "bench", "--scopes", "llm:chat").lastLine();
      System.out.printf("load before: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
      int connections0 = connections.get();
      latency(standInUrl, server.gatewayUrl, key, server.process.pid());
      System.out.printf("stand-in connections opened: %d (the client's and the gateway's, kept alive)%n",
          connections.get() - connections0);
      addedBeforeUpstream(server);
      handshakes(server, key);
      streams(vertx, URI.create(standInUrl), null, -1);
      streams(vertx, URI.create(server.gatewayUrl), key, server.process.pid());
      System.out.printf("load after: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      vertx.close();
    }
  }

  /** The stand-in provider: a JSON reply echoing the request's token, or 50 SSE events quoting it. */
  static HttpServer standIn(Vertx vertx, AtomicInteger connections) throws Exception {
    return vertx.createHttpServer().connectionHandler(c -> connections.incrementAndGet()).requestHandler(request -> request.body().onSuccess(body -> {
      Matcher m = TOKEN.matcher(body.toString());
      String token = m.find() ? m.group() : "none";
      if (body.toString().contains("\"stream\":true")) {
        request.response().putHeader("Content-Type", "text/event-stream").setChunked(true);
        AtomicInteger sent = new AtomicInteger();
        vertx.setPeriodic(20, id -> {
          int n = sent.incrementAndGet();
          if (n > EVENTS) {
            vertx.cancelTimer(id);
            request.response().end("data: [DONE]\n\n");
          } else {
            request.response().write("data: {\"choices\":[{\"delta\":{\"content\":\"part " + n + " of " + token + "\"}}]}\n\n");
          }
        });
      } else {
        request.response().putHeader("Content-Type", "application/json").end("{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":"
            + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"echo " + token + "\"}}],"
            + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}");
      }
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
  }

  /** A chat body of about 16 KiB, with the secret in it or not. */
  static String chatBody(boolean withSecret, boolean stream) {
    StringBuilder text = new StringBuilder();
    while (text.length() < 16 * 1024 - 200) {
      text.append("The quarterly report lists revenue by region, and the deploy notes say to rotate the keys. ");
    }
    if (withSecret) {
      text.insert(text.length() / 2, " deploy with " + SECRET + " now. ");
    }
    return "{\"model\":\"gpt-4o\"," + (stream ? "\"stream\":true," : "") + "\"messages\":[{\"role\":\"user\",\"content\":\""
        + text + "\"}]}";
  }

  private static void engineAlone() {
    EngineSeam seam = new EngineSeam(OrgPolicies.NONE, ProtectionLimits.DEFAULT, new GatewayMetrics(new Lifecycle(1)));
    ProviderRoute route = ProviderRoute.of("POST", "/v1/chat/completions", false).orElseThrow();
    KeyPrincipal principal = new KeyPrincipal("k", "tk_live_x", Set.of(Scope.LLM_CHAT), "org", "org",
        new Plan("p", "p", null, null, null, Set.of()));
    MultiMap json = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    Buffer body = Buffer.buffer(chatBody(true, false));
    Histogram request = new Histogram(3);
    Histogram reply = new Histogram(3);
    for (int i = 0; i < 40_000; i++) {
      long t0 = System.nanoTime();
      ProtectionSeam.Exchange exchange = seam.open(route, principal, json);
      exchange.requestChunk(body);
      String sent = exchange.requestEnd().toString();
      long t1 = System.nanoTime();
      Matcher m = TOKEN.matcher(sent);
      m.find();
      exchange.responseHead(200, json);
      exchange.responseChunk(Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"echo " + m.group() + "\"}}]}"));
      exchange.responseEnd();
      long t2 = System.nanoTime();
      if (i >= 20_000) {
        request.recordValue((t1 - t0) / 1000);
        reply.recordValue((t2 - t1) / 1000);
      }
    }
    System.out.printf("engine, 16 KiB chat body with one secret (us): tokenize p50 %d p99 %d max %d; restore its JSON reply p50 %d p99 %d%n",
        request.getValueAtPercentile(50), request.getValueAtPercentile(99), request.getMaxValue(),
        reply.getValueAtPercentile(50), reply.getValueAtPercentile(99));
  }

  private static void latency(String standInUrl, String gatewayUrl, String key, long pid) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    String[] names = {"direct, no secret", "gateway, no secret", "direct, one secret", "gateway, one secret"};
    Histogram[] histograms = new Histogram[names.length];
    for (int i = 0; i < names.length; i++) {
      histograms[i] = new Histogram(3);
    }
    int rounds = Integer.getInteger("rounds", 10);
    long cpu0 = 0;
    for (int round = -4; round < rounds; round++) {
      if (round == 0) {
        cpu0 = cpuTicks(pid);
      }
      for (int i = 0; i < names.length; i++) {
        boolean viaGateway = i % 2 == 1;
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create((viaGateway ? gatewayUrl : standInUrl) + "/v1/chat/completions"))
            .header("Content-Type", "application/json").header("Authorization", "Bearer sk-bench")
            .POST(HttpRequest.BodyPublishers.ofString(chatBody(i >= 2, false)));
        if (viaGateway) {
          builder.header("X-Takumo-Api-Key", key);
        }
        HttpRequest request = builder.build();
        for (int n = 0; n < 500; n++) {
          long t0 = System.nanoTime();
          HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
          long micros = (System.nanoTime() - t0) / 1000;
          if (response.statusCode() != 200 || (i == 3 && !response.body().contains(SECRET))) {
            throw new IllegalStateException(names[i] + ": HTTP " + response.statusCode());
          }
          if (round >= 0) {
            histograms[i].recordValue(micros);
          }
        }
      }
    }
    for (int i = 0; i < names.length; i++) {
      System.out.printf("%-20s n=%d p50 %6d us  p99 %6d us  p99.9 %6d us%n", names[i], histograms[i].getTotalCount(),
          histograms[i].getValueAtPercentile(50), histograms[i].getValueAtPercentile(99), histograms[i].getValueAtPercentile(99.9));
    }
    int viaGateway = rounds * 500 * 2;
    System.out.printf("gateway CPU per request, once warm: %.0f us (%d requests, all its threads: event loops, store"
        + " workers, JIT, GC)%n", (cpuTicks(pid) - cpu0) * 10_000.0 / viaGateway, viaGateway);
    for (int i = 0; i < names.length; i += 2) {
      System.out.printf("added (%s): p50 %d us, p99 %d us%n", names[i + 1].substring(9),
          histograms[i + 1].getValueAtPercentile(50) - histograms[i].getValueAtPercentile(50),
          histograms[i + 1].getValueAtPercentile(99) - histograms[i].getValueAtPercentile(99));
    }
  }

  /** Whole handshakes as an agent makes them, on one keep-alive connection (the agent's opens its own). */
  private static void handshakes(ServerProcess server, String key) throws Exception {
    String pinned = server.adminHere("signing-key").stdout();
    ProtocolClient agent = new ProtocolClient(server.gatewayUrl);
    Histogram histogram = new Histogram(3);
    int measured = Integer.getInteger("handshakes", 2_000);
    for (int i = -500; i < measured; i++) {
      long t0 = System.nanoTime();
      agent.handshake(key, pinned);
      if (i >= 0) {
        histogram.recordValue((System.nanoTime() - t0) / 1000);
      }
    }
    System.out.printf("handshake (agent's side included), n=%d: p50 %d us, p99 %d us, max %d us%n", histogram.getTotalCount(),
        histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99), histogram.getMaxValue());
  }

  /** The gateway's own figure: from arrival to the upstream request under way (admission, body, protection). */
  private static void addedBeforeUpstream(ServerProcess server) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    String metrics = client.send(HttpRequest.newBuilder(URI.create(server.adminUrl + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    double sum = 0;
    double count = 0;
    for (String line : metrics.split("\n")) {
      if (line.startsWith("takumo_gateway_added_latency_seconds_sum")) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      } else if (line.startsWith("takumo_gateway_added_latency_seconds_count")) {
        count += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    System.out.printf("gateway's takumo_gateway_added_latency (arrival to upstream request under way): mean %.0f us over %.0f%n",
        sum / count * 1e6, count);
  }

  /**
   * Waves of concurrent streams to {@code target}: the gateway (with {@code key}, its process
   * {@code pid}) or, as the baseline, the stand-in itself ({@code key} null).
   */
  private static void streams(Vertx vertx, URI target, String key, long pid) throws Exception {
    HttpClientAgent client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(STREAMS + 16));
    for (int wave = 0; wave < 3; wave++) {
      CountDownLatch done = new CountDownLatch(STREAMS);
      AtomicLong events = new AtomicLong();
      AtomicLong maxGapMicros = new AtomicLong();
      AtomicInteger failed = new AtomicInteger();
      AtomicInteger unrestored = new AtomicInteger();
      long cpu0 = pid < 0 ? 0 : cpuTicks(pid);
      long t0 = System.nanoTime();
      for (int s = 0; s < STREAMS; s++) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(target.getHost())
            .setPort(target.getPort()).setURI("/v1/chat/completions").addHeader("Content-Type", "application/json")
            .addHeader("Authorization", "Bearer sk-bench");
        if (key != null) {
          options.addHeader("X-Takumo-Api-Key", key);
        }
        client.request(options)
            .compose(request -> request.send(chatBody(true, true)))
            .onSuccess(response -> {
              long[] last = {System.nanoTime()};
              StringBuilder text = new StringBuilder();
              response.handler(chunk -> {
                long now = System.nanoTime();
                maxGapMicros.accumulateAndGet((now - last[0]) / 1000, Math::max);
                last[0] = now;
                text.append(chunk.toString());
              });
              response.endHandler(v -> {
                // Every event quotes the secret, restored; no token reaches the client.
                int n = text.toString().split("\"content\"", -1).length - 1;
                events.addAndGet(n);
                if (key != null && (text.toString().split(SECRET, -1).length - 1 != n || text.indexOf("TKM_") >= 0)) {
                  unrestored.incrementAndGet();
                }
                done.countDown();
              });
              response.exceptionHandler(t -> {
                failed.incrementAndGet();
                done.countDown();
              });
            })
            .onFailure(t -> {
              failed.incrementAndGet();
              done.countDown();
            });
      }
      boolean finished = done.await(120, TimeUnit.SECONDS);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu = pid < 0 ? 0 : (cpuTicks(pid) - cpu0) / 100.0;
      System.out.printf("%s wave %d: %d streams x %d events in %.2f s (ideal %.2f s): %d events, %.0f events/s, longest gap %d ms,"
              + " %d failed, %d streams not wholly restored, all done %s; gateway CPU %.2f s (%.0f%% of one core)%n",
          key == null ? "direct " : "gateway", wave, STREAMS, EVENTS, seconds, EVENTS * 0.02, events.get(), events.get() / seconds, maxGapMicros.get() / 1000,
          failed.get(), unrestored.get(), finished, cpu, 100 * cpu / seconds);
    }
    client.close();
  }

  /** utime + stime of a process, in clock ticks (1/100 s). */
  static long cpuTicks(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
