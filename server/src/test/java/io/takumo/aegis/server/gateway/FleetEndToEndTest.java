package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.server.signing.SigningKey;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * A coordinator and two gateways, each in its own JVM started like {@code bin/takumo-server}, set
 * up with the admin CLI against the coordinator, with a stand-in provider on loopback: join, config
 * push, an org policy set at the coordinator applied by both gateways and sealed in an agent's
 * handshake, an API key revoked at the coordinator refused by both gateways within a second, usage
 * reported back, join keys wrong and revoked refused with the status naming the check, a
 * gateway removed from the fleet, and the coordinator down (the gateway keeps admitting with its
 * last config) and back (it reconnects). No key or join key in any log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FleetEndToEndTest {
  private static final String PROVIDER_KEY = "sk-proj-standinproviderkey0123456789abcdef";
  private static final String CHAT = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final List<ServerProcess> processes = new ArrayList<>();
  private Path dir;
  private StandInProvider provider;
  private ServerProcess coordinator;
  private String grpcTarget;
  private ServerProcess g1;
  private ServerProcess g2;
  private String key;
  private String keyPrefix;
  private String joinKey;
  private String spareKey;
  private int admitted;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    provider = new StandInProvider();
    try (ServerSocket socket = new ServerSocket(0)) {
      // A fixed port: the coordinator comes back on it after a restart.
      grpcTarget = "127.0.0.1:" + socket.getLocalPort();
    }
    coordinator = startCoordinator();
    assertEquals("grpc://" + grpcTarget, coordinator.gatewayUrl);
    ok(coordinator.adminHere("plans", "create", "team", "--rate-limit", "1000/min", "--providers", "openai"));
    ok(coordinator.adminHere("orgs", "create", "acme", "--plan", "team"));
    key = ok(coordinator.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:chat", "--name", "ci")).lastLine();
    keyPrefix = key.substring(0, 16);
    spareKey = ok(coordinator.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:chat")).lastLine();
    ServerProcess.Result created = ok(coordinator.adminHere("join-keys", "create", "--name", "prod"));
    joinKey = created.lastLine();
    assertTrue(joinKey.matches("jk_[0-9A-Za-z]{43}"), "the join key alone on the last line");
    assertEquals(1, created.stdout().split(joinKey, -1).length - 1, "the join key is printed once");
    g1 = gateway("g1", joinKey);
    g2 = gateway("g2", joinKey);
  }

  @AfterAll
  void stop() throws Exception {
    for (ServerProcess process : processes) {
      process.close();
    }
    if (provider != null) {
      provider.close();
    }
    if (coordinator != null) {
      for (ServerProcess process : processes) {
        String logs = process.stdout() + process.stderr();
        assertFalse(logs.contains(key) || logs.contains(spareKey), "no API key in any log");
        assertFalse(logs.contains(joinKey), "no join key in any log");
        assertFalse(logs.contains("gwc_"), "no gateway credential in any log");
      }
    }
  }

  @Test
  @Order(1)
  void bothGatewaysJoinAckTheConfigAndAdmitTheKey() throws Exception {
    JsonArray gateways = await(() -> {
      JsonArray list = fleet();
      long ready = list.stream().map(JsonObject.class::cast)
          .filter(g -> g.getBoolean("connected") && g.getLong("config_version_acked") != null).count();
      return ready == 2 ? list : null;
    }, 60_000, "two gateways connected with a config acked");
    for (Object item : gateways) {
      JsonObject g = (JsonObject) item;
      assertTrue(g.getString("id").startsWith("gw_"));
      assertEquals("prod", g.getJsonObject("join_key").getString("name"));
      assertTrue(List.of("g1", "g2").contains(g.getString("name")));
      assertTrue(g.getString("address").startsWith("http://127.0.0.1:"));
      assertTrue(g.getString("last_seen_at").endsWith("Z"));
    }
    // What the dashboard's Fleet page shows: each join key's gateways, and where gateways dial in.
    JsonObject prod = adminGet("join-keys").getJsonArray("join_keys").getJsonObject(0);
    assertEquals("prod", prod.getString("name"));
    assertEquals(new JsonArray(gateways.stream().map(JsonObject.class::cast).map(g -> new JsonObject()
        .put("id", g.getString("id")).put("name", g.getString("name")).put("status", "connected")).toList()),
        prod.getJsonArray("gateways"));
    assertFalse(prod.encode().contains(joinKey), "the list never holds the join key");
    assertEquals(grpcTarget, adminGet("fleet").getString("grpc_listen"));
    assertEquals(200, chat(g1, key).statusCode());
    assertEquals(200, chat(g2, key).statusCode());
    admitted += 2;
    assertTrue(provider.received.stream().allMatch(r -> !r.headers().containsKey("X-Takumo-Api-Key")));
    assertTrue(g1.stderr().contains("fleet: joined the coordinator at " + grpcTarget));
    assertTrue(g1.stderr().contains("applied and acked"), "one line per config version");
    String metrics = get(g1.adminUrl + "/metrics").body();
    assertTrue(metrics.contains("takumo_gateway_fleet_connected 1.0"), metrics);
    double version = metrics.lines().filter(l -> l.startsWith("takumo_gateway_fleet_config_version "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElseThrow();
    assertEquals(gateways.getJsonObject(0).getLong("config_version_acked"), (long) version, "the acked version");
  }

  @Test
  @Order(2)
  void usageAdmittedByTheGatewaysReachesTheCoordinator() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertEquals(200, chat(i % 2 == 0 ? g1 : g2, key).statusCode());
      admitted++;
    }
    int expected = admitted;
    JsonObject usage = await(() -> {
      JsonObject u = new JsonObject(ok(coordinator.adminHere("usage", "--org", "acme")).stdout());
      return u.getLong("requests") == expected ? u : null;
    }, 20_000, "the coordinator counted every request the gateways admitted");
    assertEquals(expected, usage.getJsonArray("by_key").getJsonObject(0).getLong("requests"));
  }

  @Test
  @Order(3)
  void anOrgPolicySetAtTheCoordinatorProtectsOnEveryGateway() throws Exception {
    String secret = "ACME-" + "0123456789abcdef01234567";
    String body = CHAT.replace("hello", "the build token is " + secret);
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, "{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\","
        + "\"keywords\":[\"ACME-\"],\"hint\":\"acme\"}]}");
    ok(coordinator.adminHere("orgs", "policy", "set", "acme", "--file", policy.toString()));
    // Only the org's rule knows this value: a gateway tokenizes it once the pushed config carries the policy.
    for (ServerProcess gateway : List.of(g1, g2)) {
      String received = await(() -> {
        assertEquals(200, chat(gateway, key, body).statusCode());
        admitted++;
        String last = provider.received.get(provider.received.size() - 1).body();
        return last.contains(secret) ? null : last;
      }, 5_000, "the org policy applied on " + gateway.gatewayUrl);
      assertTrue(received.matches(".*TKM_acme_[0-9a-z]{20}.*"), received);
    }
    // An agent's handshake with a fleet gateway: signed with that gateway's key, sealing the pushed policy.
    String pinned = SigningKey.load(g1.data.resolve(SigningKey.FILE)).publicPem();
    ProtocolClient.Session session = new ProtocolClient(g1.gatewayUrl).handshake(key, pinned);
    assertEquals(new JsonObject(Files.readString(policy)), new JsonObject(session.policy()));
  }

  @Test
  @Order(3)
  void theCoordinatorServesTheDashboardButNoSigningKey() throws Exception {
    assertEquals(200, get(coordinator.adminUrl + "/dashboard/").statusCode());
    ServerProcess.Result signingKey = coordinator.adminHere("signing-key");
    assertNotEquals(0, signingKey.exitCode());
    assertTrue(signingKey.stderr().contains("this server does not serve agents; ask a gateway"), signingKey.stderr());
    assertEquals(404, get(g1.adminUrl + "/dashboard/").statusCode(), "a fleet gateway's admin listener: operations only");
  }

  @Test
  @Order(4)
  void anApiKeyRevokedAtTheCoordinatorIsRefusedByEveryGatewayWithinASecond() throws Exception {
    HttpResponse<String> revoked = http.send(HttpRequest.newBuilder(URI.create(coordinator.adminUrl + "/admin/v1/keys/"
        + keyPrefix + "/revoke")).header("Authorization", "Bearer " + coordinator.adminToken)
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, revoked.statusCode(), revoked.body());
    long start = System.nanoTime();
    boolean g1Refuses = false;
    boolean g2Refuses = false;
    while (!(g1Refuses && g2Refuses) && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5)) {
      g1Refuses = g1Refuses || chat(g1, key).statusCode() == 401;
      g2Refuses = g2Refuses || chat(g2, key).statusCode() == 401;
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(g1Refuses && g2Refuses, "both gateways refuse the revoked key");
    assertTrue(millis <= 1000, "refused everywhere within 1 s of the revoke, took " + millis + " ms");
    HttpResponse<String> refused = chat(g2, key);
    assertEquals("invalid_api_key", new JsonObject(refused.body()).getJsonObject("error").getString("code"));
  }

  @Test
  @Order(5)
  void aWrongJoinKeyAndARevokedOneAreRefusedWithTheCheckNamed() throws Exception {
    String wrong = "jk_" + "A".repeat(43);
    try (ServerProcess stranger = gateway("stranger", wrong)) {
      await(() -> stranger.stderr().contains("fleet: join key not recognised (UNAUTHENTICATED)") ? true : null, 60_000,
          "the wrong join key's refusal logged");
      assertFalse(stranger.stderr().contains(wrong));
    }
    ServerProcess.Result revoked = ok(coordinator.adminHere("join-keys", "revoke", "prod"));
    assertEquals("revoked", new JsonObject(revoked.stdout()).getString("status"));
    try (ServerProcess late = gateway("late", joinKey)) {
      await(() -> late.stderr().contains("fleet: join key revoked (PERMISSION_DENIED)") ? true : null, 60_000,
          "the revoked join key's refusal logged");
      HttpResponse<String> response = chat(late, key);
      assertEquals(503, response.statusCode(), "no config, nothing admitted");
      assertEquals("store unavailable: no config from the coordinator yet",
          new JsonObject(get(late.adminUrl + "/readyz").body()).getString("status"));
    }
    assertTrue(coordinator.stderr().contains("refused: join key not recognised"));
    assertEquals(2, fleet().size(), "no gateway joined with a wrong or revoked join key");
  }

  @Test
  @Order(6)
  void aRemovedGatewayIsDisconnectedAndRefusedWhileTheOtherStays() throws Exception {
    JsonObject first = fleet().stream().map(JsonObject.class::cast).filter(g -> g.getString("name").equals("g1"))
        .findFirst().orElseThrow();
    ServerProcess.Result removed = ok(coordinator.adminHere("fleet", "remove", first.getString("id")));
    assertEquals("removed", new JsonObject(removed.stdout()).getString("status"));
    await(() -> g1.stderr().contains("fleet: gateway removed from the fleet (PERMISSION_DENIED)") ? true : null, 10_000,
        "the removed gateway logs why");
    assertEquals(503, chat(g1, "tk_live_" + "B".repeat(43)).statusCode(), "a removed gateway admits nothing");
    HttpResponse<String> ready = get(g1.adminUrl + "/readyz");
    assertEquals(503, ready.statusCode());
    assertEquals("store unavailable: this gateway was removed from the fleet", new JsonObject(ready.body()).getString("status"));
    JsonObject second = fleet().stream().map(JsonObject.class::cast).filter(g -> g.getString("name").equals("g2"))
        .findFirst().orElseThrow();
    assertTrue(second.getBoolean("connected"));
    assertNotEquals(503, chat(g2, key).statusCode(), "the other gateway still serves");
    JsonObject gone = fleet().stream().map(JsonObject.class::cast).filter(g -> g.getString("name").equals("g1"))
        .findFirst().orElseThrow();
    assertFalse(gone.getBoolean("connected"));
    assertEquals("removed", gone.getString("status"));
  }

  @Test
  @Order(7)
  void aGatewayKeepsServingWhileTheCoordinatorIsDownAndReconnectsWhenItIsBack() throws Exception {
    coordinator.close();
    await(() -> g2.stderr().contains("retrying with backoff, admitting with config version") ? true : null, 20_000,
        "the gateway logs the lost coordinator");
    assertEquals(200, chat(g2, spareKey).statusCode(), "admits with the last acked config");
    assertEquals(200, get(g2.adminUrl + "/readyz").statusCode(), "ready within the offline grace");
    assertTrue(get(g2.adminUrl + "/metrics").body().contains("takumo_gateway_fleet_connected 0.0"));
    assertEquals(401, chat(g2, key).statusCode(), "still refuses the revoked key");
    String logBefore = g2.stderr();

    // g2 is held stopped while the coordinator comes back, so that what the fleet list says of it
    // is the restarted coordinator's own view, not a reconnection racing the query.
    signal(g2, "STOP");
    try {
      coordinator = startCoordinator();
      assertFalse(fleet().stream().map(JsonObject.class::cast).anyMatch(g -> g.getBoolean("connected")),
          "the stopped coordinator marked its gateways disconnected");
    } finally {
      signal(g2, "CONT");
    }
    await(() -> g2.stderr().substring(logBefore.length()).contains("applied and acked") ? true : null, 90_000,
        "g2 reconnected to the restarted coordinator and applied its config");
    JsonObject back = await(() -> fleet().stream().map(JsonObject.class::cast)
        .filter(g -> g.getString("name").equals("g2") && g.getBoolean("connected")).findFirst().orElse(null), 10_000,
        "g2 connected in the fleet list, with its identity");
    assertTrue(back.getLong("config_version_acked") != null);
    assertEquals(200, chat(g2, spareKey).statusCode());
  }

  private static void signal(ServerProcess process, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.process.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -" + signal);
  }

  private ServerProcess startCoordinator() throws Exception {
    return track(ServerProcess.launch(dir.resolve("coordinator"), Map.of(),
        List.of("coordinator", "--grpc-listen", grpcTarget, "--http-listen", "127.0.0.1:0")));
  }

  private ServerProcess gateway(String name, String withJoinKey) throws Exception {
    String base = provider.baseUrl();
    return track(ServerProcess.launch(dir.resolve(name), Map.of("TAKUMO_SERVER_JOIN_KEY", withJoinKey),
        List.of("gateway", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0", "--coordinator", grpcTarget,
            "--gateway-name", name, "--openai-base-url", base, "--allow-private-upstreams")));
  }

  private ServerProcess track(ServerProcess process) {
    processes.add(process);
    return process;
  }

  private JsonArray fleet() throws Exception {
    return adminGet("fleet").getJsonArray("gateways");
  }

  private JsonObject adminGet(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(coordinator.adminUrl + "/admin/v1/" + path))
        .header("Authorization", "Bearer " + coordinator.adminToken).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), response.body());
    return new JsonObject(response.body());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> chat(ServerProcess gateway, String apiKey) throws Exception {
    return chat(gateway, apiKey, CHAT);
  }

  private HttpResponse<String> chat(ServerProcess gateway, String apiKey, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(gateway.gatewayUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + PROVIDER_KEY)
        .header("X-Takumo-Api-Key", apiKey).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
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

  private static ServerProcess.Result ok(ServerProcess.Result result) {
    assertEquals(0, result.exitCode(), result.stderr());
    return result;
  }
}
