package io.takumo.aegis.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.protocol.CanonicalRequest;
import io.takumo.aegis.protocol.RequestCheck;
import io.takumo.aegis.protocol.SessionCrypto;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayTest {

  private static final URI OPENAI = URI.create("https://api.openai.com/v1/chat/completions");

  private StandInGateway server;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AegisLog log = new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true));

  @BeforeEach
  void start() throws Exception {
    server = new StandInGateway();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Gateway gateway(URI base, String key, boolean fallbackLocal) {
    return new Gateway(base, key, StandInGateway.pinned(), fallbackLocal, log, new ProxyChoice(Map.of(), Map.of()), "test");
  }

  private List<String> lines() {
    String all = logged.toString(StandardCharsets.UTF_8);
    return all.isEmpty() ? List.of() : Arrays.asList(all.split("\n"));
  }

  @Test
  void concurrentFirstRequestsShareOneHandshakeAndLaterOnesReuseTheSession() throws Exception {
    server.handshakeDelayMillis = 300;
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<GatewayRoute>> routes = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      routes.add(pool.submit(() -> {
        go.await();
        return gateway.route(OPENAI);
      }));
    }
    go.countDown();
    Set<String> sessionIds = new HashSet<>();
    for (Future<GatewayRoute> r : routes) {
      sessionIds.add(r.get(10, TimeUnit.SECONDS).session().id());
    }
    pool.shutdown();
    assertEquals(1, server.handshakes.get());
    assertEquals(Set.of("s_1"), sessionIds);
    gateway.route(OPENAI);
    gateway.route(URI.create("https://api.anthropic.com/v1/messages"));
    assertEquals(1, server.handshakes.get());
    assertEquals(Map.of("values", List.of("sk-test-allowed")), gateway.orgPolicy().get("allowlist"));
  }

  @Test
  void aRouteCarriesTheUpstreamAndASignatureOverMethodBodyAndHeadersButNeverTheKey() throws Exception {
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    GatewayRoute route = gateway.route(OPENAI);
    assertEquals(URI.create(server.base() + "/chat/completions"), route.target());
    byte[] body = "{\"messages\":[]}".getBytes(StandardCharsets.UTF_8);
    Map<String, String> app = Map.of("authorization", "Bearer sk-app", "content-type", "application/json", "x-other", "1");
    Map<String, String> h = route.headers("POST", body, app::get);
    assertFalse(h.containsKey(Headers.API_KEY));
    assertFalse(h.containsValue(StandInGateway.API_KEY));
    assertEquals("2", h.get(Headers.PROTOCOL));
    assertEquals(OPENAI.toString(), h.get(Headers.UPSTREAM));
    assertEquals(CanonicalRequest.bodyDigest(body), h.get(Headers.CONTENT_SHA256));
    assertEquals("authorization;content-type", h.get(Headers.SIGNED_HEADERS));
    SessionCrypto.Keys keys = server.sessions.get(h.get(Headers.SESSION));
    long now = System.currentTimeMillis() / 1000;
    RequestCheck.Signed signed = new RequestCheck.Signed(h.get(Headers.UPSTREAM), h.get(Headers.SESSION),
        h.get(Headers.TIMESTAMP), h.get(Headers.NONCE), h.get(Headers.CONTENT_SHA256), h.get(Headers.SIGNED_HEADERS),
        h.get(Headers.SIGNATURE));
    assertNull(RequestCheck.problem(keys.macKey, "POST", signed, app::get, body, now));
    // Each part is covered: another method, body, credential or content type, or an added credential, fails.
    assertNotNull(RequestCheck.problem(keys.macKey, "GET", signed, app::get, body, now));
    assertNotNull(RequestCheck.problem(keys.macKey, "POST", signed, app::get, "{}".getBytes(StandardCharsets.UTF_8), now));
    Map<String, String> otherKey = new HashMap<>(app);
    otherKey.put("authorization", "Bearer sk-other");
    assertNotNull(RequestCheck.problem(keys.macKey, "POST", signed, otherKey::get, body, now));
    Map<String, String> addedKey = new HashMap<>(app);
    addedKey.put("x-api-key", "sk-added");
    assertEquals("a credential header is not signed: x-api-key",
        RequestCheck.problem(keys.macKey, "POST", signed, addedKey::get, body, now));
    assertNotNull(RequestCheck.problem(keys.macKey, "POST", signed, app::get, body, now + 301));
    // A request signed again (sent again) has a new nonce.
    assertNotEquals(h.get(Headers.NONCE), route.headers("POST", body, app::get).get(Headers.NONCE));
    assertTrue(lines().isEmpty(), lines().toString());
  }

  @Test
  void aSessionTheGatewayEndedIsReplacedOnTheNextRequest() throws Exception {
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    GatewayRoute first = gateway.route(OPENAI);
    gateway.onResponse(first, 401, headers(Headers.ERROR, "session_expired"));
    GatewayRoute second = gateway.route(OPENAI);
    assertEquals(2, server.handshakes.get());
    assertEquals("s_2", second.session().id());
    assertEquals(1, lines().size());
    assertTrue(lines().get(0).contains("the next request performs a new handshake"), lines().get(0));
  }

  @Test
  void aSessionIsRenewedBeforeItExpires() throws Exception {
    server.expiresIn = 1;
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    gateway.route(OPENAI);
    Thread.sleep(1100);
    gateway.route(OPENAI);
    assertEquals(2, server.handshakes.get());
  }

  @Test
  void aRefusedKeyFailsRequestsUnsentAndIsNotRetriedUntilTheBackOffEnds() throws Exception {
    Gateway gateway = gateway(server.base(), "tk_wrong_key_42", false);
    GatewayRejectedException first = assertThrows(GatewayRejectedException.class, () -> gateway.route(OPENAI));
    assertEquals(401, first.status());
    assertEquals("invalid_api_key", first.code());
    for (int i = 0; i < 5; i++) {
      assertSame(first, assertThrows(GatewayRejectedException.class, () -> gateway.route(OPENAI)));
    }
    assertEquals(1, server.handshakes.get());
    assertEquals(1, lines().size(), lines().toString());
    String line = gateway.refusedMessage("api.openai.com", first);
    assertTrue(line.contains("refused the handshake (HTTP 401 invalid_api_key") && line.contains("check TAKUMO_API_KEY")
        && line.contains("tries again in 5 s"), line);
    assertFalse(line.contains("tk_wrong_key_42"), line);
    assertEquals(line, lines().get(0).substring(lines().get(0).indexOf("Takumo Aegis did not")));
  }

  @Test
  void aRefusedHandshakeWaitsForRetryAfterAndBacksOffExponentiallyWithACap() throws Exception {
    long[] now = {0};
    HandshakeClient client = new HandshakeClient(server.base(), StandInGateway.API_KEY, StandInGateway.pinned(),
        new ProxyChoice(Map.of(), Map.of()), "test");
    GatewaySessions sessions = new GatewaySessions(client, () -> now[0]);
    server.handshakeStatus = 429;
    server.retryAfter = "17";
    assertThrows(GatewayRejectedException.class, sessions::session);
    now[0] += 16_000_000_000L;
    assertThrows(GatewayRejectedException.class, sessions::session);
    assertEquals(1, server.handshakes.get());
    now[0] += 1_000_000_000L;
    server.retryAfter = null;
    assertThrows(GatewayRejectedException.class, sessions::session);
    assertEquals(2, server.handshakes.get());
    // Without Retry-After: 5 s doubling with each refusal in a row (this is the second), up to 300 s.
    assertEquals(10, sessions.backOffSecondsLeft());
    for (int i = 0; i < 8; i++) {
      now[0] += sessions.backOffSecondsLeft() * 1_000_000_000L;
      assertThrows(GatewayRejectedException.class, sessions::session);
    }
    assertEquals(300, sessions.backOffSecondsLeft());
    server.handshakeStatus = 200;
    now[0] += 300_000_000_000L;
    assertEquals("s_11", sessions.session().id());
  }

  @Test
  void aGatewayThatDoesNotSignWithThePinnedKeyIsNotTrusted() throws Exception {
    server.signingKey = StandInGateway.newSigningKey();
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class, () -> gateway.route(OPENAI));
    assertTrue(e.isUntrusted());
    assertEquals("the handshake reply is not signed by a pinned gateway key", e.whatFailed());
    String message = Gateway.blockedMessage("api.openai.com", e);
    assertTrue(message.contains("is not trusted") && message.contains("gateway-public-key"), message);
  }

  @Test
  void withoutAPinnedKeyNoHandshakeIsAttempted() throws Exception {
    Gateway gateway = new Gateway(server.base(), StandInGateway.API_KEY, List.of(), false, log,
        new ProxyChoice(Map.of(), Map.of()), "test");
    GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class, () -> gateway.route(OPENAI));
    assertTrue(e.isUntrusted() && e.whatFailed().contains("gateway-public-key is not set"), e.whatFailed());
    assertEquals(0, server.handshakes.get());
  }

  @Test
  void theGatewaysErrorCodeAndMessageAreSanitizedBeforeTheyAreLogged() throws Exception {
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    GatewayRoute route = gateway.route(OPENAI);
    gateway.onResponse(route, 403, headers(Headers.ERROR, "Missing_Scope\u001b[31m; rm -rf /", Headers.ERROR_MESSAGE,
        "line one\r\n[takumo-aegis] ERROR forged\u0007" + "x".repeat(400)));
    String line = lines().get(0);
    assertTrue(line.contains("(missing_scope31mrmrf: \"line one??[takumo-aegis] ERROR forged?"), line);
    assertTrue(line.contains("xxx...\")"), line);
    assertEquals(1, lines().size());
  }

  @Test
  void eachTroubleshootingStatusLogsOneLineWithItsCauseAndFix() throws Exception {
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    GatewayRoute route = gateway.route(OPENAI);
    gateway.onResponse(route, 403, headers(Headers.ERROR, "missing_scope", Headers.ERROR_MESSAGE, "key lacks scope llm:openai"));
    gateway.onResponse(route, 429, headers("Retry-After", "17", "X-RateLimit-Remaining", "0"));
    gateway.onResponse(route, 502, headers(Headers.ERROR, "upstream_error"));
    gateway.onResponse(route, 503, headers());
    gateway.onResponse(route, 200, headers());
    List<String> l = lines();
    assertEquals(5, l.size(), l.toString());
    assertTrue(l.get(0).contains("403 Forbidden") && l.get(0).contains("missing_scope: \"key lacks scope llm:openai\"")
        && l.get(0).contains("key's scopes") && l.get(0).contains("Settings > Billing"), l.get(0));
    // The quota warning (remaining 0) comes first, then the 429 line.
    assertTrue(l.get(1).contains("quota is low: X-RateLimit-Remaining 0"), l.get(1));
    assertTrue(l.get(2).contains("429") && l.get(2).contains("Retry-After 17") && l.get(2).contains("does not retry"), l.get(2));
    assertTrue(l.get(3).contains("502") && l.get(3).contains("came from the upstream provider, not from Takumo"), l.get(3));
    assertTrue(l.get(4).contains("503") && l.get(4).contains(server.base().toString()) && l.get(4).contains("firewall"), l.get(4));
    assertEquals(0, gateway.quota().remaining());
    for (String line : l) {
      assertFalse(line.contains(StandInGateway.API_KEY), line);
    }
    // 503 dropped the session: the next request checks the gateway again.
    gateway.route(OPENAI);
    assertEquals(2, server.handshakes.get());
  }

  @Test
  void theLowQuotaWarningComesOncePerDrop() {
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, false);
    GatewayRoute route = new GatewayRoute(OPENAI, OPENAI.toString(), "api.openai.com", null);
    gateway.onResponse(route, 200, headers("X-RateLimit-Remaining", "500", "X-RateLimit-Limit", "1000"));
    gateway.onResponse(route, 200, headers("X-RateLimit-Remaining", "99", "X-RateLimit-Limit", "1000"));
    gateway.onResponse(route, 200, headers("X-RateLimit-Remaining", "98"));
    assertEquals(1, lines().size(), lines().toString());
    assertTrue(lines().get(0).contains("X-RateLimit-Remaining 99 of 1000"), lines().get(0));
    gateway.onResponse(route, 200, headers("X-RateLimit-Remaining", "1000"));
    gateway.onResponse(route, 200, headers("X-RateLimit-Remaining", "3"));
    assertEquals(2, lines().size());
    assertEquals(3, gateway.quota().remaining());
    assertEquals(1000, gateway.quota().limit());
  }

  @Test
  void anUnreachableGatewayFailsClosedWithTheChecks() throws Exception {
    URI closed = closedPortBase();
    Gateway gateway = gateway(closed, StandInGateway.API_KEY, false);
    GatewayUnavailableException e = assertThrows(GatewayUnavailableException.class, () -> gateway.route(OPENAI));
    assertEquals("connection refused", e.whatFailed());
    String message = Gateway.blockedMessage("api.openai.com", e);
    assertTrue(message.contains(closed.toString()) && message.contains("connection refused") && message.contains("DNS")
        && message.contains("port 443") && message.contains("HTTPS_PROXY") && message.contains("GATEWAY_FALLBACK=local"), message);
    assertEquals(1, lines().size());
  }

  @Test
  void dnsFailureAnd503AreNamed() throws Exception {
    Gateway dns = gateway(URI.create("https://gateway.invalid/v1"), StandInGateway.API_KEY, false);
    assertEquals("DNS lookup of gateway.invalid failed",
        assertThrows(GatewayUnavailableException.class, () -> dns.route(OPENAI)).whatFailed());
    server.handshakeStatus = 503;
    Gateway down = gateway(server.base(), StandInGateway.API_KEY, false);
    assertEquals("HTTP 503 from /v1/_takumo/session",
        assertThrows(GatewayUnavailableException.class, () -> down.route(OPENAI)).whatFailed());
  }

  @Test
  void withFallbackLocalRequestsGoDirectAndTheAgentSaysSoOnce() throws Exception {
    Gateway gateway = gateway(closedPortBase(), StandInGateway.API_KEY, true);
    assertNull(gateway.route(OPENAI));
    assertNull(gateway.route(OPENAI));
    assertEquals(1, lines().size());
    assertTrue(lines().get(0).contains("gateway-fallback is local") && lines().get(0).contains("connection refused"), lines().get(0));
  }

  @Test
  void theLocalStandInAnswersAfterAFallbackAndTrafficReturnsToIt() throws Exception {
    server.handshakeStatus = 503;
    Gateway gateway = gateway(server.base(), StandInGateway.API_KEY, true);
    assertNull(gateway.route(OPENAI));
    server.handshakeStatus = 200;
    assertNull(gateway.route(OPENAI), "within the retry interval requests keep going direct");
    assertEquals(1, server.handshakes.get());
  }

  @Test
  void recognisesConnectionsItRoutedToTheGateway() throws Exception {
    Gateway gateway = gateway(URI.create("https://gw.example/v1"), "k", false);
    assertTrue(gateway.isGatewayTarget(new java.net.URL("https://gw.example/v1/chat/completions")));
    assertTrue(gateway.isGatewayTarget(new java.net.URL("https://gw.example:443/v1/messages")));
    assertFalse(gateway.isGatewayTarget(new java.net.URL("https://gw.example/v1/_takumo/session")));
    assertFalse(gateway.isGatewayTarget(new java.net.URL("http://gw.example/v1/chat/completions")));
    assertFalse(gateway.isGatewayTarget(new java.net.URL("https://gw.example/v2/chat")));
  }

  private static URI closedPortBase() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/v1");
  }

  private static java.util.function.Function<String, String> headers(String... kv) {
    Map<String, String> map = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      map.put(kv[i].toLowerCase(), kv[i + 1]);
    }
    return name -> map.get(name.toLowerCase());
  }
}
