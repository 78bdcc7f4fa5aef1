package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.takumo.aegis.protocol.SessionCrypto;
import io.takumo.aegis.server.signing.SigningKey;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateways of one fleet behind an imagined load balancer, sharing a Redis (Debian's
 * redis-server on loopback) and a signing key, each in its own JVM: a plan of N requests sent
 * concurrently across them serves exactly N, a rate limit of R per minute serves R in a window, a
 * session opened on one gateway is honoured by another and its nonce refused by the third, and
 * with Redis stopped the {@code closed} gateways answer 503 {@code unavailable} while the
 * {@code local} one keeps serving from its memory; once Redis is back all of them share again.
 * No API key, session id or MAC key in a Redis key or a log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedStateEndToEndTest {
  private static final String PROVIDER_KEY = "sk-proj-standinproviderkey0123456789abcdef";
  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
  private static final String UPSTREAM = "https://api.openai.com/v1/chat/completions";
  private static final int PLAN_REQUESTS = 20;
  private static final int RATE_LIMIT = 10;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ServerProcess> processes = new ArrayList<>();
  private Path dir;
  private StandInProvider provider;
  private RedisProcess redis;
  private ServerProcess coordinator;
  private String grpcTarget;
  private Path signingKey;
  private String pinned;
  private String joinKey;
  private final Map<String, String> keys = new HashMap<>();
  private final List<byte[]> macKeys = new ArrayList<>();
  private final List<String> sessionIds = new ArrayList<>();
  private ServerProcess g1;
  private ServerProcess g2;
  private ServerProcess g3;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    redis = RedisProcess.start(dir.resolve("redis"));
    provider = new StandInProvider();
    try (ServerSocket socket = new ServerSocket(0)) {
      grpcTarget = "127.0.0.1:" + socket.getLocalPort();
    }
    coordinator = track(ServerProcess.launch(dir.resolve("coordinator"), Map.of(),
        List.of("coordinator", "--grpc-listen", grpcTarget, "--http-listen", "127.0.0.1:0")));
    // Through the admin API itself: an admin CLI JVM per call would cost seconds each.
    admin("plans", new JsonObject().put("name", "metered").put("requests_per_month", PLAN_REQUESTS)
        .put("providers", new JsonArray().add("openai")));
    admin("plans", new JsonObject().put("name", "limited").put("rate_limit_per_minute", RATE_LIMIT)
        .put("providers", new JsonArray().add("openai")));
    admin("plans", new JsonObject().put("name", "open").put("providers", new JsonArray().add("openai")));
    for (String org : List.of("metered", "limited", "open")) {
      admin("orgs", new JsonObject().put("name", org).put("plan", org));
      keys.put(org, admin("keys", new JsonObject().put("org", org).put("scopes", new JsonArray().add("llm:chat")))
          .getString("key"));
    }
    joinKey = admin("join-keys", new JsonObject().put("name", "lb")).getString("join_key");
    // One signing key for the fleet: agents pin one public key whichever gateway answers.
    SigningKey shared = SigningKey.loadOrCreate(java.nio.file.Files.createDirectories(dir.resolve("keys")));
    signingKey = dir.resolve("keys").resolve(SigningKey.FILE);
    pinned = shared.publicPem();
    g1 = gateway("g1", "closed");
    g2 = gateway("g2", "closed");
    g3 = gateway("g3", "local");
    for (ServerProcess g : List.of(g1, g2, g3)) {
      await(() -> chat(g, keys.get("open")).statusCode() == 200 ? true : null, 60_000, g.dir + " admits with the pushed config");
      assertTrue(g.stderr().contains("shared state: Redis at 127.0.0.1:" + redis.port), g.stderr());
    }
  }

  @AfterAll
  void stop() throws Exception {
    for (ServerProcess process : processes) {
      process.close();
    }
    if (provider != null) {
      provider.close();
    }
    if (redis != null) {
      redis.close();
    }
    for (ServerProcess process : processes) {
      String logs = process.stdout() + process.stderr();
      keys.values().forEach(k -> assertFalse(logs.contains(k), "no API key in any log"));
      sessionIds.forEach(id -> assertFalse(logs.contains(id), "no session id in any log"));
      assertFalse(logs.contains(joinKey), "no join key in any log");
    }
  }

  @Test
  @Order(1)
  void aPlanOfNRequestsSpreadOverTheGatewaysServesExactlyN() throws Exception {
    Map<Integer, Long> statuses = burst(keys.get("metered"), 3 * PLAN_REQUESTS / 2 + 3);
    assertEquals(PLAN_REQUESTS, statuses.getOrDefault(200, 0L), "exactly the plan's requests admitted: " + statuses);
    assertEquals(Map.of(200, (long) PLAN_REQUESTS, 403, (long) (3 * PLAN_REQUESTS / 2 + 3 - PLAN_REQUESTS)), statuses);
    HttpResponse<String> refused = chat(g2, keys.get("metered"));
    assertEquals("plan_limit", code(refused), refused.body());
    // The store stays the record: the coordinator counts what the gateways admitted.
    await(() -> new JsonObject(http.send(HttpRequest.newBuilder(URI.create(coordinator.adminUrl
        + "/admin/v1/usage?org=metered")).header("Authorization", "Bearer " + coordinator.adminToken).build(),
        HttpResponse.BodyHandlers.ofString()).body()).getLong("requests") == PLAN_REQUESTS ? true : null, 20_000, "the coordinator counted the " + PLAN_REQUESTS + " requests");
  }

  @Test
  @Order(2)
  void aRateLimitOfRPerMinuteServesRInAWindowAcrossTheGateways() throws Exception {
    // One burst inside one clock minute (the windows are the clock's minutes).
    while (LocalTime.now(ZoneOffset.UTC).getSecond() > 45) {
      Thread.sleep(500);
    }
    Map<Integer, Long> statuses = burst(keys.get("limited"), 3 * RATE_LIMIT);
    assertEquals(Map.of(200, (long) RATE_LIMIT, 429, (long) (2 * RATE_LIMIT)), statuses);
    HttpResponse<String> refused = chat(g3, keys.get("limited"));
    assertEquals("rate_limited", code(refused), refused.body());
    assertEquals("0", refused.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
  }

  @Test
  @Order(3)
  void aSessionOpenedOnOneGatewayIsHonouredByAnotherAndItsNonceRefusedByAThird() throws Exception {
    ProtocolClient.Session session = handshake(g1);
    ProtocolClient.Routed request = routed(session);
    HttpResponse<String> onG2 = new ProtocolClient(g2.gatewayUrl).send(request);
    assertEquals(200, onG2.statusCode(), onG2.body());
    HttpResponse<String> replayed = new ProtocolClient(g3.gatewayUrl).send(request);
    assertEquals(401, replayed.statusCode(), replayed.body());
    assertEquals("The request failed the signature check: the nonce was already used in this session.",
        new JsonObject(replayed.body()).getJsonObject("error").getString("message"));
    assertEquals(200, new ProtocolClient(g3.gatewayUrl).send(routed(session)).statusCode(), "a fresh nonce on g3");

    // Redis holds hashes and a sealed MAC key: no key, session id or MAC key.
    RedisClient client = RedisClient.create(redis.url());
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      List<String> all = c.sync().keys("*");
      assertTrue(all.stream().allMatch(k -> k.startsWith("takumo:")), all.toString());
      String dump = all + " " + all.stream().filter(k -> k.startsWith("takumo:session:"))
          .map(k -> c.sync().hgetall(k).toString()).collect(Collectors.joining(" "));
      assertTrue(all.stream().anyMatch(k -> k.startsWith("takumo:session:")), all.toString());
      assertFalse(dump.contains(session.id()), "no session id in Redis");
      assertFalse(dump.contains(SessionCrypto.base64(session.macKey()))
          || dump.contains(java.util.Base64.getEncoder().encodeToString(session.macKey())), "no MAC key in the clear");
      keys.values().forEach(k -> assertFalse(dump.contains(k), "no API key in Redis"));
    } finally {
      client.shutdown();
    }
  }

  @Test
  @Order(4)
  void withRedisDownClosedGatewaysRefuseAndTheLocalOneServesThenAllShareAgainWhenItIsBack() throws Exception {
    ProtocolClient.Session before = handshake(g1);
    redis.stop();

    HttpResponse<String> closed = await(() -> {
      HttpResponse<String> r = chat(g1, keys.get("open"));
      return r.statusCode() == 503 ? r : null;
    }, 10_000, "g1 (closed) refuses while Redis is down");
    assertEquals("unavailable", code(closed), closed.body());
    assertTrue(closed.headers().firstValue("Retry-After").isPresent());
    assertEquals(503, chat(g2, keys.get("open")).statusCode());
    assertEquals(503, new ProtocolClient(g2.gatewayUrl).send(routed(before)).statusCode(), "no session check without Redis");
    assertEquals(503, new ProtocolClient(g1.gatewayUrl).handshakeResponse(keys.get("open"), "2",
        ProtocolClient.handshakeBody(2, SessionCrypto.rawPublicKey(SessionCrypto.newKeyPair().getPublic()),
            ProtocolClient.random(16))).statusCode(), "no handshake without Redis");
    HttpResponse<String> unready = get(g1.adminUrl + "/readyz");
    assertEquals(503, unready.statusCode());
    assertEquals("unavailable", new JsonObject(unready.body()).getString("shared_state"));

    assertEquals(200, chat(g3, keys.get("open")).statusCode(), "g3 (local) serves from its memory");
    HttpResponse<String> ready = get(g3.adminUrl + "/readyz");
    assertEquals(200, ready.statusCode());
    assertEquals("local", new JsonObject(ready.body()).getString("shared_state"));
    assertTrue(get(g3.adminUrl + "/metrics").body().contains("takumo_gateway_shared_state_local 1.0"));
    ProtocolClient.Session local = handshake(g3);
    ProtocolClient.Routed once = routed(local);
    assertEquals(200, new ProtocolClient(g3.gatewayUrl).send(once).statusCode(), "a session in g3's memory");
    assertEquals(401, new ProtocolClient(g3.gatewayUrl).send(once).statusCode(), "its replay refused there");
    for (ServerProcess g : List.of(g1, g3)) {
      assertEquals(1, count(g.stderr(), "does not answer (Redis"), "one line for the outage: " + g.stderr());
    }
    assertTrue(g3.stderr().contains("--redis-failure local: rate limits, monthly counters, sessions and nonces are kept in"
        + " this gateway's memory until it is back"), g3.stderr());
    assertTrue(g1.stderr().contains("--redis-failure closed: requests and handshakes get 503 unavailable until it is back"));

    redis.start();
    for (ServerProcess g : List.of(g1, g2)) {
      await(() -> chat(g, keys.get("open")).statusCode() == 200 ? true : null, 20_000, g.dir + " serves again");
    }
    await(() -> "redis".equals(new JsonObject(get(g3.adminUrl + "/readyz").body()).getString("shared_state")) ? true : null,
        20_000, "g3 uses Redis again");
    assertEquals(200, new ProtocolClient(g3.gatewayUrl).send(routed(local)).statusCode(), "the local session lives on");
    ProtocolClient.Session after = handshake(g3);
    assertEquals(200, new ProtocolClient(g1.gatewayUrl).send(routed(after)).statusCode(), "shared again: g3's on g1");
    assertTrue(get(g3.adminUrl + "/metrics").body().contains("takumo_gateway_shared_state_local 0.0"));
    for (ServerProcess g : List.of(g1, g3)) {
      assertEquals(1, count(g.stderr(), "answers again; limits, sessions and nonces are shared again"), g.stderr());
    }
  }

  /** {@code n} concurrent requests with this key, alternated over the three gateways: how many got each status. */
  private Map<Integer, Long> burst(String apiKey, int n) {
    List<ServerProcess> gateways = List.of(g1, g2, g3);
    List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sent.add(http.sendAsync(chatRequest(gateways.get(i % 3), apiKey), HttpResponse.BodyHandlers.ofString()));
    }
    return sent.stream().map(CompletableFuture::join)
        .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
  }

  private ProtocolClient.Session handshake(ServerProcess gateway) throws Exception {
    ProtocolClient.Session session = new ProtocolClient(gateway.gatewayUrl).handshake(keys.get("open"), pinned);
    sessionIds.add(session.id());
    macKeys.add(session.macKey());
    return session;
  }

  private static ProtocolClient.Routed routed(ProtocolClient.Session session) {
    return new ProtocolClient.Routed(session, "POST", UPSTREAM).body(CHAT).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + PROVIDER_KEY);
  }

  private ServerProcess gateway(String name, String onFailure) throws Exception {
    return track(ServerProcess.launch(dir.resolve(name), Map.of("TAKUMO_SERVER_JOIN_KEY", joinKey,
        "TAKUMO_SERVER_REDIS", redis.url()),
        List.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--coordinator", grpcTarget,
            "--gateway-name", name, "--openai-base-url", provider.baseUrl(), "--allow-private-upstreams",
            "--signing-key", signingKey.toString(), "--redis-failure", onFailure)));
  }

  private JsonObject admin(String collection, JsonObject body) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(coordinator.adminUrl + "/admin/v1/"
        + collection)).header("Authorization", "Bearer " + coordinator.adminToken).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(2, response.statusCode() / 100, response.body());
    return new JsonObject(response.body());
  }

  private ServerProcess track(ServerProcess process) {
    processes.add(process);
    return process;
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> chat(ServerProcess gateway, String apiKey) throws Exception {
    return http.send(chatRequest(gateway, apiKey), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest chatRequest(ServerProcess gateway, String apiKey) {
    return HttpRequest.newBuilder(URI.create(gateway.gatewayUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + PROVIDER_KEY)
        .header("X-Takumo-Api-Key", apiKey).POST(HttpRequest.BodyPublishers.ofString(CHAT)).build();
  }

  private static String code(HttpResponse<String> response) {
    return new JsonObject(response.body()).getJsonObject("error").getString("code");
  }

  private static int count(String text, String part) {
    return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
  }

  private static <T> T await(Callable<T> condition, long timeoutMillis, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (System.nanoTime() < deadline) {
      T value = condition.call();
      if (value != null) {
        return value;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out waiting: " + what);
  }

}
