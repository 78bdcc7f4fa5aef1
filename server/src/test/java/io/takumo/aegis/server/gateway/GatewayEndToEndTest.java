package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
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
 * The real server in its own JVM, set up with the admin CLI (also forked), with clients on the
 * JDK's HTTP client calling through it to a stand-in provider on loopback. Asserts what the
 * provider received and what the client got back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayEndToEndTest {
  private static final String PROVIDER_KEY = "sk-proj-standinproviderkey0123456789abcdef";

  private StandInProvider provider;
  private ServerProcess server;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** Chat, read and embeddings on a plan with every provider. */
  private String key;
  private String keyPrefix;
  private String adminKey;
  private String readOnlyKey;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    provider = new StandInProvider();
    String base = provider.baseUrl();
    server = ServerProcess.start(dir, "--openai-base-url", base, "--anthropic-base-url", base, "--gemini-base-url", base,
        "--allow-private-upstreams", "--drain-timeout", "20");
    ok(server.adminHere("plans", "create", "team", "--rate-limit", "1000/min", "--requests-per-month", "10000",
        "--credits-per-month", "100", "--providers", "openai,anthropic,gemini"));
    ok(server.adminHere("orgs", "create", "acme", "--plan", "team"));
    ServerProcess.Result created = ok(server.adminHere("keys", "create", "--org", "acme", "--scopes",
        "llm:chat,llm:read,llm:embeddings", "--name", "ci"));
    key = created.lastLine();
    keyPrefix = key.substring(0, 16);
    adminKey = ok(server.adminHere("keys", "create", "--org", "acme", "--scopes", "admin")).lastLine();
    readOnlyKey = ok(server.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:read")).lastLine();
    assertTrue(key.matches("tk_live_[0-9A-Za-z]{43}"));
    assertEquals(1, created.stdout().split(key, -1).length - 1, "the key is printed once");
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  @Order(1)
  void aChatRequestReachesTheProviderWithItsOwnKeyAndNoTakumoHeader() throws Exception {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}";
    HttpResponse<String> response = http.send(post("/v1/chat/completions?trace=1", body)
        .header("X-Takumo-Api-Key", key).header("X-Takumo-Protocol", "1").header("x-takumo-upstream", "https://evil.example.com/")
        .build(), HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    assertEquals("gpt-4o-2024-08-06", new JsonObject(response.body()).getString("model"));
    assertEquals("req_standin", response.headers().firstValue("x-request-id").orElseThrow(), "provider headers come back");
    assertEquals("1000", response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    assertTrue(response.headers().firstValue("RateLimit-Policy").orElseThrow().contains("q=1000"));
    StandInProvider.Received received = last();
    assertEquals("POST", received.method());
    assertEquals("/v1/chat/completions?trace=1", received.uri());
    assertEquals(body, received.body());
    assertEquals(List.of("Bearer " + PROVIDER_KEY), received.headers().get("Authorization"));
    assertNoTakumoTrace(received);

    // A client that waits for 100 Continue (curl does above 1 KiB) gets it from the gateway at once.
    String large = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "y".repeat(16 * 1024) + "\"}]}";
    HttpResponse<String> continued = http.sendAsync(post("/v1/chat/completions", large).expectContinue(true)
        .header("X-Takumo-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString()).get(5, TimeUnit.SECONDS);
    assertEquals(200, continued.statusCode(), continued.body());
    assertEquals(large, last().body());
    assertFalse(last().headers().containsKey("Expect"), "the gateway answered it; the provider is not asked");
  }

  @Test
  @Order(2)
  void sseReachesTheClientEventByEvent() throws Exception {
    provider.release = new CountDownLatch(1);
    // The provider holds the rest until the client has the first event: a gateway that buffered would time out here.
    HttpResponse<InputStream> response = http.sendAsync(post("/v1/chat/completions",
        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[],\"x\":\"held-stream\"}")
        .header("X-Takumo-Api-Key", key).build(), HttpResponse.BodyHandlers.ofInputStream()).get(10, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals("text/event-stream", response.headers().firstValue("content-type").orElseThrow());
    BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    String first = CompletableFuture.supplyAsync(() -> readEvent(reader)).get(10, TimeUnit.SECONDS);
    assertEquals("data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"delta\":{\"content\":\"first\"}}]}", first);
    provider.release.countDown();
    assertEquals("data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"delta\":{\"content\":\"second\"}}]}", readEvent(reader));
    assertTrue(readEvent(reader).contains("\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":1000}"));
    assertEquals("data: [DONE]", readEvent(reader));
    assertNull(reader.readLine());
    assertNoTakumoTrace(last());
  }

  @Test
  @Order(3)
  void anthropicAndGeminiGoToTheirPathsAndListsNeedOnlyRead() throws Exception {
    HttpResponse<String> anthropic = http.send(post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[]}")
        .header("X-Takumo-Api-Key", key).header("anthropic-version", "2023-06-01").header("x-api-key", "sk-ant-standin").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, anthropic.statusCode(), anthropic.body());
    assertEquals(List.of("sk-ant-standin"), last().headers().get("x-api-key"));
    assertNoTakumoTrace(last());

    HttpResponse<String> gemini = http.send(post("/v1beta/models/gemini-2.5-flash:generateContent?key=AIzaStandIn", "{\"contents\":[]}")
        .header("X-Takumo-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, gemini.statusCode(), gemini.body());
    assertEquals("/v1beta/models/gemini-2.5-flash:generateContent?key=AIzaStandIn", last().uri());

    HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(server.gatewayUrl + "/v1/models"))
        .header("X-Takumo-Api-Key", readOnlyKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, models.statusCode(), models.body());
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    HttpResponse<String> overH2 = null;
    for (int i = 0; i < 2; i++) {
      // The first upgrades the connection (h2c), the second is an HTTP/2 stream from the start.
      overH2 = h2.send(HttpRequest.newBuilder(URI.create(server.gatewayUrl + "/v1/models"))
          .header("X-Takumo-Api-Key", readOnlyKey).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, overH2.statusCode(), overH2.body());
      assertEquals(HttpClient.Version.HTTP_2, overH2.version(), "h2c");
    }
    assertEquals("{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\"}]}", overH2.body());
    HttpResponse<String> chat = http.send(post("/v1/chat/completions", "{}").header("X-Takumo-Api-Key", readOnlyKey).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTakumoError(chat, 403, "missing_scope", "This key lacks the scope llm:chat.");
  }

  @Test
  @Order(4)
  void providerFailuresAre502WithTheProvidersOwnBodyAndClientErrorsPassAsTheyAre() throws Exception {
    HttpResponse<String> failed = http.send(post("/v1/responses", "{\"input\":\"provider-fails\"}").header("X-Takumo-Api-Key", key).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(502, failed.statusCode());
    assertEquals("{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}",
        failed.body());
    assertEquals("upstream_error", failed.headers().firstValue("X-Takumo-Error").orElseThrow());
    assertEquals("upstream", failed.headers().firstValue("X-Takumo-Error-Source").orElseThrow());
    assertEquals("The provider openai answered HTTP 500: The server had an error while processing your request.",
        failed.headers().firstValue("X-Takumo-Error-Message").orElseThrow());

    HttpResponse<String> overloaded = http.send(post("/v1/responses", "{\"input\":\"provider-overloaded\"}")
        .header("X-Takumo-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(503, overloaded.statusCode());
    assertEquals("unavailable", overloaded.headers().firstValue("X-Takumo-Error").orElseThrow());
    assertEquals("upstream", overloaded.headers().firstValue("X-Takumo-Error-Source").orElseThrow());

    HttpResponse<String> bad = http.send(post("/v1/chat/completions", "{\"model\":\"bad-request\"}").header("X-Takumo-Api-Key", key).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, bad.statusCode());
    assertEquals("{\"error\":{\"message\":\"Invalid model\",\"type\":\"invalid_request_error\"}}", bad.body());
    assertFalse(bad.headers().firstValue("X-Takumo-Error").isPresent());
  }

  @Test
  @Order(5)
  void aClientThatGoesAwayCancelsTheUpstreamRequest() throws Exception {
    HttpResponse<InputStream> response = http.send(post("/v1/chat/completions", "{\"stream\":true,\"x\":\"slow-stream\"}")
        .header("X-Takumo-Api-Key", key).build(), HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, response.statusCode());
    assertTrue(response.body().read(new byte[64]) > 0);
    response.body().close();
    assertTrue(provider.upstreamCancelled.await(15, TimeUnit.SECONDS), "the provider's stream was cut when the client left");
  }

  @Test
  @Order(6)
  void usageIsReportedByKeyAndProviderWithCreditsFromThePriceTable() throws Exception {
    // Usage is recorded just after a response ends; the access log line comes first.
    Thread.sleep(500);
    JsonObject usage = new JsonObject(ok(server.adminHere("usage", "--org", "acme")).stdout());
    assertEquals("acme", usage.getString("org"));
    JsonArray byKey = usage.getJsonArray("by_key");
    JsonObject openai = find(byKey, keyPrefix, "openai");
    JsonObject anthropic = find(byKey, keyPrefix, "anthropic");
    JsonObject gemini = find(byKey, keyPrefix, "gemini");
    // gpt-4o: 1000 in x $2.50/M + 500 out x $10/M = $0.0075 (twice); gpt-4o-mini stream: 2000 x 0.15 + 1000 x 0.60 = $0.0009.
    // Two chats, the stream, Responses 500 and 503, a 400, the cancelled stream.
    assertEquals(7, openai.getLong("requests"), openai.encode());
    assertEquals(4000, openai.getLong("input_tokens"));
    assertEquals(new java.math.BigDecimal("0.0159"), new java.math.BigDecimal(openai.getValue("credits_usd").toString()));
    // claude-sonnet-4-5: 1000 x $3/M + 100 x $15/M = $0.0045; gemini default: 1000 x 0.30 + 1000 x 2.50 = $0.0028.
    assertEquals(new java.math.BigDecimal("0.0045"), new java.math.BigDecimal(anthropic.getValue("credits_usd").toString()));
    assertEquals(new java.math.BigDecimal("0.0028"), new java.math.BigDecimal(gemini.getValue("credits_usd").toString()));
    assertEquals(new java.math.BigDecimal("0.0232"), new java.math.BigDecimal(usage.getValue("credits_usd").toString()));
    assertTrue(usage.getLong("requests") >= 9);
    assertFalse(usage.encode().contains(key));
  }

  @Test
  @Order(7)
  void aPlanOf20RequestsServesExactly20Of40ConcurrentOnes() throws Exception {
    String small = orgKey("twenty", "{\"name\":\"twenty\",\"requests_per_month\":20}", "small");
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      calls.add(http.sendAsync(post("/v1/chat/completions", "{\"model\":\"gpt-4o\"}").header("X-Takumo-Api-Key", small).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    int served = 0;
    int refused = 0;
    for (CompletableFuture<HttpResponse<String>> call : calls) {
      HttpResponse<String> response = call.get(30, TimeUnit.SECONDS);
      if (response.statusCode() == 200) {
        served++;
      } else {
        assertTakumoError(response, 403, "plan_limit", "The monthly request limit of 20 of the plan twenty is used up.");
        refused++;
      }
    }
    assertEquals(20, served);
    assertEquals(20, refused);
  }

  @Test
  @Order(8)
  void theRateLimitAnswers429WithItsHeaders() throws Exception {
    String slow = orgKey("slow", "{\"name\":\"slow\",\"rate_limit_per_minute\":2}", "slowco");
    HttpResponse<String> last = null;
    for (int i = 0; i < 3; i++) {
      last = http.send(post("/v1/chat/completions", "{}").header("X-Takumo-Api-Key", slow).build(), HttpResponse.BodyHandlers.ofString());
    }
    // Three in one window, unless the minute turned between them.
    if (last.statusCode() == 200) {
      last = http.send(post("/v1/chat/completions", "{}").header("X-Takumo-Api-Key", slow).build(), HttpResponse.BodyHandlers.ofString());
      last = last.statusCode() == 200
          ? http.send(post("/v1/chat/completions", "{}").header("X-Takumo-Api-Key", slow).build(), HttpResponse.BodyHandlers.ofString())
          : last;
    }
    assertEquals(429, last.statusCode(), last.body());
    assertEquals("rate_limited", new JsonObject(last.body()).getJsonObject("error").getString("code"));
    assertEquals("rate_limited", last.headers().firstValue("X-Takumo-Error").orElseThrow());
    long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter >= 1 && retryAfter <= 60);
    assertEquals("0", last.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
    assertEquals("2", last.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    assertEquals("\"minute\";q=2;w=60", last.headers().firstValue("RateLimit-Policy").orElseThrow());
    assertEquals("\"minute\";r=0;t=" + retryAfter, last.headers().firstValue("RateLimit").orElseThrow());
    String metrics = http.send(HttpRequest.newBuilder(URI.create(server.adminUrl + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.contains("takumo_gateway_rate_limited_total{org=\"slowco\"}"), metrics);
    assertTrue(metrics.contains("takumo_gateway_requests_total{org=\"acme\",provider=\"openai\",status=\"200\"}"), metrics);
    assertTrue(metrics.contains("takumo_gateway_added_latency_seconds_bucket{"), metrics);
  }

  @Test
  @Order(9)
  void aRevokedKeyIsRefusedOnItsNextRequest() throws Exception {
    String doomed = new JsonObject(admin("POST", "/admin/v1/keys", server.adminToken,
        "{\"org\":\"acme\",\"scopes\":[\"llm:chat\"]}").body()).getString("key");
    assertEquals(200, http.send(post("/v1/chat/completions", "{}").header("X-Takumo-Api-Key", doomed).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    ServerProcess.Result revoked = ok(server.adminHere("keys", "revoke", doomed.substring(0, 16)));
    assertTrue(revoked.stdout().contains("\"status\" : \"revoked\""), revoked.stdout());
    HttpResponse<String> after = http.send(post("/v1/chat/completions", "{}").header("X-Takumo-Api-Key", doomed).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTakumoError(after, 401, "invalid_api_key", "The API key is unknown or revoked.");
    JsonArray keys = new JsonObject(ok(server.adminHere("keys", "list", "--org", "acme")).stdout()).getJsonArray("keys");
    assertFalse(keys.encode().contains(doomed), "a listing never holds a key");
    assertFalse(keys.encode().contains(key));
  }

  @Test
  @Order(10)
  void theAdminApiNeedsTheTokenOrAnAdminKeyLimitedToItsOrg() throws Exception {
    assertEquals(401, admin("GET", "/admin/v1/plans", null, null).statusCode());
    assertEquals(401, admin("GET", "/admin/v1/plans", "tk_admin_wrong", null).statusCode());
    assertEquals(200, admin("GET", "/admin/v1/plans", server.adminToken, null).statusCode());
    HttpResponse<String> chatKey = admin("GET", "/admin/v1/keys?org=acme", key, null);
    assertEquals(403, chatKey.statusCode());
    assertEquals("this key lacks the scope admin", new JsonObject(chatKey.body()).getJsonObject("error").getString("message"));
    assertEquals(200, admin("GET", "/admin/v1/keys?org=acme", adminKey, null).statusCode());
    assertEquals(200, admin("GET", "/admin/v1/usage?org=acme", adminKey, null).statusCode());
    assertEquals(403, admin("GET", "/admin/v1/keys?org=small", adminKey, null).statusCode());
    assertEquals(403, admin("POST", "/admin/v1/plans", adminKey, "{\"name\":\"mine\"}").statusCode());
    HttpResponse<String> own = admin("POST", "/admin/v1/keys", adminKey, "{\"org\":\"acme\",\"scopes\":[\"llm:read\"]}");
    assertEquals(201, own.statusCode(), own.body());
    assertEquals(400, admin("POST", "/admin/v1/plans", server.adminToken, "{\"name\":\"x\",\"requests_per_month\":-1}").statusCode());
    assertEquals(400, admin("POST", "/admin/v1/plans", server.adminToken, "not json").statusCode());
    assertEquals(404, admin("GET", "/admin/v1/nothing", server.adminToken, null).statusCode());
    assertEquals("200", Integer.toString(admin("GET", "/healthz", null, null).statusCode()));

    // The CLI against --url and --token, and its one-line errors with exit code 2.
    ServerProcess.Result wrongToken = server.admin("plans", "list", "--url", server.adminUrl, "--token", "nope");
    assertEquals(2, wrongToken.exitCode());
    assertEquals("takumo-server: the admin token or key is wrong, unknown or revoked\n", wrongToken.stderr());
    ServerProcess.Result badScope = server.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:write");
    assertEquals(2, badScope.exitCode());
    assertEquals("takumo-server: unknown scope 'llm:write' (valid: llm:chat,llm:embeddings,llm:read,admin)\n", badScope.stderr());
    assertEquals("", badScope.stdout());
    ServerProcess.Result badRate = server.adminHere("plans", "create", "y", "--rate-limit", "5/hour");
    assertEquals(2, badRate.exitCode());
    assertEquals(1, badRate.stderr().lines().count(), badRate.stderr());
    ServerProcess.Result missingFlag = server.adminHere("orgs", "create", "z");
    assertEquals(2, missingFlag.exitCode());
    assertEquals(1, missingFlag.stderr().lines().count(), missingFlag.stderr());
  }

  @Test
  @Order(11)
  void theLogsHoldNeitherKeysNorBodies() throws Exception {
    String out = server.stdout();
    String err = server.stderr();
    for (String secret : List.of(key, adminKey, readOnlyKey, PROVIDER_KEY, "sk-ant-standin", "AIzaStandIn", server.adminToken, "hello")) {
      assertFalse(out.contains(secret) || err.contains(secret), "a log holds " + secret.substring(0, 5) + "…");
    }
    List<String> lines = out.lines().toList();
    // Only the stream the client left is logged as 499; an HTTP/2 stream that ended normally is not.
    assertTrue(lines.stream().filter(l -> l.contains("\"status\":499")).count() <= 1, out);
    assertTrue(lines.size() >= 4);
    for (String line : lines) {
      JsonObject entry = new JsonObject(line);
      assertTrue(entry.containsKey("status") && entry.containsKey("path") && entry.containsKey("duration_ms"), line);
    }
    assertTrue(lines.stream().anyMatch(l -> l.contains("\"path\":\"/v1beta/models/gemini-2.5-flash:generateContent\"")));
  }

  @Test
  @Order(100)
  void sigtermDrainsNewRequestsGet503WhileAStreamInFlightFinishes() throws Exception {
    provider.release = new CountDownLatch(1);
    HttpResponse<InputStream> stream = http.send(post("/v1/chat/completions", "{\"stream\":true,\"x\":\"held-stream\"}")
        .header("X-Takumo-Api-Key", key).build(), HttpResponse.BodyHandlers.ofInputStream());
    BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertTrue(readEvent(reader).contains("first"));

    server.process.destroy();
    HttpResponse<String> refused = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      HttpClient fresh = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      refused = fresh.send(post("/v1/chat/completions", "{}").header("X-Takumo-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString());
      if (refused.statusCode() == 503) {
        break;
      }
      Thread.sleep(50);
    }
    assertTakumoError(refused, 503, "unavailable", "The gateway is shutting down; retry shortly.");
    assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
    // No new agent session either: it would end with this process.
    HttpResponse<String> handshake = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
        .newBuilder(URI.create(server.gatewayUrl + "/v1/_takumo/session")).header("X-Takumo-Protocol", "2")
        .header("X-Takumo-Api-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"protocol\":2}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertTakumoError(handshake, 503, "unavailable", "The gateway is shutting down; retry shortly.");
    assertEquals(503, admin("GET", "/readyz", null, null).statusCode());
    assertTrue(server.process.isAlive(), "the stream in flight holds the drain");

    provider.release.countDown();
    assertTrue(readEvent(reader).contains("second"));
    assertTrue(readEvent(reader).contains("usage"));
    assertEquals("data: [DONE]", readEvent(reader));
    assertTrue(server.process.waitFor(20, TimeUnit.SECONDS), "the server stops once the stream is done");
    assertFalse(Files.exists(server.data.resolve("admin.json")), "admin.json goes with the server");
    // The stream, and perhaps a probe that arrived just before the signal.
    assertTrue(server.stderr().matches("(?s).*draining: [12] request\\(s\\) in flight.*"), server.stderr());
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create(server.gatewayUrl + path)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + PROVIDER_KEY).POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpResponse<String> admin(String method, String path, String bearer, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.adminUrl + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A plan (the admin API's JSON), an org on it and a chat key of that org, made through the admin API. */
  private String orgKey(String plan, String planJson, String org) throws Exception {
    assertEquals(201, admin("POST", "/admin/v1/plans", server.adminToken, planJson).statusCode());
    assertEquals(201, admin("POST", "/admin/v1/orgs", server.adminToken,
        new JsonObject().put("name", org).put("plan", plan).encode()).statusCode());
    return new JsonObject(admin("POST", "/admin/v1/keys", server.adminToken,
        new JsonObject().put("org", org).put("scopes", new JsonArray().add("llm:chat")).encode()).body()).getString("key");
  }

  private StandInProvider.Received last() {
    return provider.received.get(provider.received.size() - 1);
  }

  private void assertNoTakumoTrace(StandInProvider.Received received) {
    for (Map.Entry<String, List<String>> header : received.headers().entrySet()) {
      assertFalse(header.getKey().toLowerCase().startsWith("x-takumo-"), "forwarded " + header.getKey());
      for (String value : header.getValue()) {
        assertFalse(value.contains("tk_live_"), "a Takumo key in " + header.getKey());
      }
    }
    assertFalse(received.uri().contains("tk_live_") || received.body().contains("tk_live_"));
  }

  private static void assertTakumoError(HttpResponse<String> response, int status, String code, String message) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message).put("type", "takumo_error")),
        new JsonObject(response.body()));
    assertEquals(code, response.headers().firstValue("X-Takumo-Error").orElseThrow());
    assertEquals(message, response.headers().firstValue("X-Takumo-Error-Message").orElseThrow());
    assertEquals("gateway", response.headers().firstValue("X-Takumo-Error-Source").orElseThrow());
  }

  private static JsonObject find(JsonArray rows, String prefix, String provider) {
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      if (row.getString("prefix").equals(prefix) && row.getString("provider").equals(provider)) {
        return row;
      }
    }
    throw new AssertionError("no usage row for " + provider + " in " + rows.encode());
  }

  /** The data lines of the next event, without the blank line that ends it. */
  private static String readEvent(BufferedReader reader) {
    try {
      StringBuilder event = new StringBuilder();
      String line;
      while ((line = reader.readLine()) != null && !line.isEmpty()) {
        event.append(event.length() == 0 ? "" : "\n").append(line);
      }
      return event.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static ServerProcess.Result ok(ServerProcess.Result result) {
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("", result.stderr());
    return result;
  }
}
