package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gateway mode end to end: apps in forked JVMs with the agent in {@code mode=gateway}, a WireMock
 * stand-in gateway written from docs/gateway-protocol.md, and a stand-in provider that must see
 * traffic only when the agent falls back to it. Every entry of the troubleshooting page: what the
 * app receives, and the one line the agent logs.
 */
class GatewayE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String APP_PROVIDER_KEY = "Bearer sk-app-own-provider-key-passes-through";

  private static StandInProviders provider;
  private static StandInGateway gateway;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
    gateway = new StandInGateway();
  }

  @AfterAll
  static void stop() {
    provider.close();
    gateway.close();
  }

  @BeforeEach
  void reset() {
    provider.server.resetRequests();
    gateway.server.resetRequests();
    gateway.handshake.delayMillis = 0;
  }

  private static AppRunner agent(String gatewayUrl, String apiKey) {
    return AppRunner.app("apps")
        .setting("provider-hosts", provider.hostEntry())
        .setting("mode", "gateway")
        .env("TAKUMO_GATEWAY_URL", gatewayUrl)
        .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
        .env("TAKUMO_API_KEY", apiKey);
  }

  /** The agent's log lines (stderr lines of the agent), the start-up and org policy lines aside (OrgPolicyE2ETest). */
  private static List<String> agentLines(AppRunner.Result r) {
    return Arrays.stream(r.stderr.split("\n")).filter(l -> l.contains("[takumo-aegis]") && !l.contains("Takumo Aegis active")
            && !l.contains("org policy applied"))
        .collect(Collectors.toList());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk-send", "okhttp", "urlconnection"})
  void providerRequestsGoThroughTheGatewayTokenizedSignedAndWithTheAppsOwnCredentials(String client) throws Exception {
    TestSecrets secrets = new TestSecrets();
    String message = secrets.message();
    Path request = StandInProviders.requestFile(CHAT, message, false);

    AppRunner.Result result = agent(gateway.base(), StandInGateway.API_KEY)
        .run("io.takumo.aegis.apps.HttpCall", client, provider.url(CHAT), request.toString(),
            "Content-Type: application/json", "Authorization: " + APP_PROVIDER_KEY)
        .assertOk();

    assertEquals(FakeProvider.reply(message), Replies.parse(result.out()).text, "the app read its reply, tokens restored");
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
    assertEquals(1, gateway.handshakes());
    List<LoggedRequest> routed = gateway.routed();
    assertEquals(1, routed.size());
    LoggedRequest r = routed.get(0);
    assertEquals(CHAT, r.getUrl(), "provider path kept under the gateway base /v1");
    assertEquals(provider.url(CHAT), r.getHeader("X-Takumo-Upstream"));
    assertFalse(r.containsHeader("X-Takumo-Api-Key"), "the org key goes on the handshake only");
    assertFalse(r.getAllHeaderKeys().stream().anyMatch(h -> r.getHeader(h).contains(StandInGateway.API_KEY)));
    assertEquals(APP_PROVIDER_KEY, r.getHeader("Authorization"), "the app's provider credentials, untouched");
    assertEquals("2", r.getHeader("X-Takumo-Protocol"));
    // The app's credential and the Content-Type (OkHttp's from the body, which it adds after the agent signed, unless the agent set it).
    assertTrue(r.getHeader("X-Takumo-Signed-Headers").startsWith("authorization;content-type"), r.getHeader("X-Takumo-Signed-Headers"));
    assertNotEquals("UNSIGNED-PAYLOAD", r.getHeader("X-Takumo-Content-SHA256"), "the body as sent is signed, HttpURLConnection too");
    assertNull(gateway.signatureProblem(r), "signed with the request's own method, body and headers");
    String body = r.getBodyAsString();
    String leak = secrets.leakIn(body);
    assertNull(leak, "the gateway received " + leak);
    assertTrue(body.contains("TKM_"), "the gateway sees tokens");
    assertEquals(List.of(), agentLines(result), "nothing to say");
    assertFalse(result.stderr.contains(StandInGateway.API_KEY));
  }

  @Test
  void concurrentFirstRequestsShareOneHandshakeAndLaterOnesReuseTheSession() throws Exception {
    gateway.handshake.delayMillis = 300;
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    AppRunner.Result result = agent(gateway.base(), StandInGateway.API_KEY)
        .run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(), "8", "4")
        .assertOk();
    List<String> lines = result.out().lines().collect(Collectors.toList());
    assertEquals(12, lines.size(), result.out());
    assertTrue(lines.stream().allMatch(l -> l.contains("status=200")), result.out());
    assertEquals(1, gateway.handshakes());
    assertEquals(12, gateway.routed().size());
    assertEquals(1, gateway.routed().stream().map(r -> r.getHeader("X-Takumo-Session")).distinct().count());
  }

  @Test
  void eachGatewayErrorReachesTheAppUnchangedWithOneLogLineNamingCauseAndFix() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    AppRunner.Result result = agent(gateway.base(), StandInGateway.API_KEY)
        .run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(), "0", "4", "401,403,429,502")
        .assertOk();
    List<String> out = result.out().lines().collect(Collectors.toList());
    assertEquals(4, out.size(), result.out());
    assertApp(out.get(0), 401, "-", "-", StandInGateway.errorBody("invalid_api_key", "The API key is not valid."));
    assertApp(out.get(1), 403, "-", "-", StandInGateway.errorBody("missing_scope", "This key lacks the scope llm:chat."));
    assertApp(out.get(2), 429, "17", "0", StandInGateway.errorBody("rate_limited", "Rate limit exceeded."));
    assertApp(out.get(3), 502, "-", "-", StandInGateway.UPSTREAM_ERROR);

    List<String> log = agentLines(result);
    assertEquals(5, log.size(), String.join("\n", log));
    assertTrue(log.get(0).contains("401 Unauthorized") && log.get(0).contains("The API key is not valid.")
        && log.get(0).contains("check TAKUMO_API_KEY"), log.get(0));
    assertTrue(log.get(1).contains("403 Forbidden") && log.get(1).contains("lacks the scope llm:chat")
        && log.get(1).contains("key's scopes") && log.get(1).contains("Settings > Billing"), log.get(1));
    assertTrue(log.get(2).contains("quota is low: X-RateLimit-Remaining 0"), log.get(2));
    assertTrue(log.get(3).contains("429") && log.get(3).contains("Retry-After 17") && log.get(3).contains("does not retry"), log.get(3));
    assertTrue(log.get(4).contains("502") && log.get(4).contains("came from the upstream provider, not from Takumo"), log.get(4));
    assertEquals(4, gateway.routed().size(), "the agent retried nothing");
    assertFalse(result.stderr.contains(StandInGateway.API_KEY));
  }

  private static void assertApp(String line, int status, String retryAfter, String remaining, String body) {
    assertTrue(line.contains("status=" + status + " retry-after=" + retryAfter + " remaining=" + remaining + " "), line);
    String b64 = line.substring(line.indexOf("body=") + 5);
    assertEquals(body, new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8));
  }

  @Test
  void aRefusedKeyFailsRequestsUnsentWithoutAHandshakeEachUntilTheBackOffEnds() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    AppRunner.Result result = agent(gateway.base(), "tk_live_revoked_key_000")
        .run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(), "0", "3")
        .assertOk();
    List<String> out = result.out().lines().collect(Collectors.toList());
    assertEquals(3, out.size(), result.out());
    for (String line : out) {
      assertTrue(line.contains("EXCEPTION java.io.IOException: Takumo Aegis did not send a request to 127.0.0.1: the Takumo gateway "
          + gateway.base() + " refused the handshake (HTTP 401 invalid_api_key: \"The API key is not valid.\"); check TAKUMO_API_KEY"),
          line);
    }
    assertEquals(1, gateway.handshakes(), "one handshake, then the back-off");
    assertTrue(gateway.routed().isEmpty() && provider.server.getAllServeEvents().isEmpty(), "nothing was sent");
    List<String> log = agentLines(result);
    assertEquals(1, log.size(), String.join("\n", log));
    assertTrue(log.get(0).contains("refused the handshake") && log.get(0).contains("check TAKUMO_API_KEY"), log.get(0));
    assertFalse(result.stderr.contains("tk_live_revoked_key_000"));
  }

  @Test
  void aGatewayThatDoesNotSignWithThePinnedKeyGetsNothingAndRequestsFailClosed() throws Exception {
    gateway.handshake.signer = StandInGateway.signingKeyPair();
    try {
      Path request = StandInProviders.requestFile(CHAT, "hello", false);
      for (String client : List.of("jdk-send", "urlconnection")) {
        AppRunner.Result result = agent(gateway.base(), StandInGateway.API_KEY)
            .run("io.takumo.aegis.apps.HttpCall", client, provider.url(CHAT), request.toString(), "Content-Type: application/json");
        assertEquals(3, result.exitCode, result.out() + result.stderr);
        // The IOException as the client hands it over (java.net.http wraps it), with the agent's one line.
        assertTrue(result.out().startsWith("EXCEPTION ") && result.out().endsWith(": Takumo Aegis did not send a request to"
            + " 127.0.0.1: the Takumo gateway " + gateway.base() + " is not trusted (the handshake reply is not signed by a"
            + " pinned gateway key); check: gateway-public-key (TAKUMO_GATEWAY_PUBLIC_KEY) holds the gateway's signing key"
            + " (Settings > Gateway > Signing key; on-prem, the gateway's configured key) and TAKUMO_GATEWAY_URL names that"
            + " gateway\n"), result.out());
        assertEquals(1, agentLines(result).size(), result.stderr);
      }
      assertTrue(gateway.routed().isEmpty() && provider.server.getAllServeEvents().isEmpty(), "nothing was sent");
    } finally {
      gateway.handshake.signer = StandInGateway.SIGNING;
    }
  }

  @Test
  void withoutAPinnedKeyTheOrgKeyGoesNowhere() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    AppRunner.Result result = agent(gateway.base(), StandInGateway.API_KEY).env("TAKUMO_GATEWAY_PUBLIC_KEY", "")
        .run("io.takumo.aegis.apps.HttpCall", "okhttp", provider.url(CHAT), request.toString(), "Content-Type: application/json");
    assertEquals(3, result.exitCode, result.out() + result.stderr);
    assertTrue(result.out().contains("is not trusted (gateway-public-key is not set, so no gateway is trusted)"), result.out());
    assertEquals(0, gateway.handshakes());
    assertTrue(result.stderr.contains("ERROR gateway-public-key is not set"), result.stderr);
  }

  @Test
  void version1IsRefusedWithTheDocumentedErrorAndTheAgentSaysWhy() throws Exception {
    java.net.http.HttpResponse<String> v1 = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.base() + "/_takumo/session"))
            .header("Content-Type", "application/json").header("X-Takumo-Api-Key", StandInGateway.API_KEY)
            .header("X-Takumo-Protocol", "1")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"protocol\":1,\"agent\":\"takumo-aegis/0.1.0\","
                + "\"key_agreement\":\"X25519\",\"client_public_key\":\"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo\","
                + "\"client_nonce\":\"AAECAwQFBgcICQoLDA0ODw\"}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(400, v1.statusCode());
    JsonNode error = FakeProvider.JSON.readTree(v1.body()).get("error");
    assertEquals("unsupported_protocol", error.get("code").asText());
    assertEquals("[2]", error.get("supported").toString());

    // And an agent of version 2 in front of a gateway of version 1 is told so, and sends nothing.
    WireMockServer old = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    old.start();
    try {
      old.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
              .withHeader("Content-Type", "application/json").withHeader("X-Takumo-Error", "unsupported_protocol")
              .withBody("{\"error\":{\"code\":\"unsupported_protocol\",\"supported\":[1]}}")));
      Path request = StandInProviders.requestFile(CHAT, "hello", false);
      AppRunner.Result result = agent("http://127.0.0.1:" + old.port() + "/v1", StandInGateway.API_KEY)
          .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json");
      assertEquals(3, result.exitCode, result.out() + result.stderr);
      assertTrue(result.out().contains("refused the handshake (HTTP 400 unsupported_protocol); the gateway does not speak protocol 2"),
          result.out());
      assertEquals(1, old.getAllServeEvents().size(), "the handshake alone");
    } finally {
      old.stop();
    }
  }

  /**
   * A 307 from the gateway to another host: {@code java.net.http} with {@code Redirect.ALWAYS}
   * (a POST), and {@code HttpURLConnection} with its default, following (a GET: it does not follow
   * a POST's 307), and OkHttp (a POST, its defaults) would send the route's headers there.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk-redirects", "urlconnection-get", "okhttp"})
  void aRedirectFromTheGatewayToAnotherHostIsNotFollowed(String client) throws Exception {
    WireMockServer elsewhere = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    elsewhere.start();
    try {
      elsewhere.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(200).withBody("followed")));
      // Another loopback server, by another name: another host to the client.
      gateway.redirectTo("http://localhost:" + elsewhere.port() + "/v1/chat/completions");
      Path request = StandInProviders.requestFile(CHAT, "hello", false);
      AppRunner.Result result = agent(gateway.base(), StandInGateway.API_KEY)
          .run("io.takumo.aegis.apps.HttpCall", client, provider.url(CHAT), request.toString(), "Content-Type: application/json",
              "Authorization: " + APP_PROVIDER_KEY, "X-Scenario: 307")
          .assertOk();
      for (ServeEvent e : elsewhere.getAllServeEvents()) {
        assertFalse(e.getRequest().getAllHeaderKeys().stream().anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-takumo-")),
            "the other host saw the route's headers: " + e.getRequest().getAllHeaderKeys());
      }
      assertEquals(0, elsewhere.getAllServeEvents().size(), "nothing followed the redirect");
      assertEquals("moved", result.out(), "the app receives the gateway's redirect");
      assertEquals(1, gateway.routed().size());
      List<String> log = agentLines(result);
      if (!client.startsWith("urlconnection")) {
        assertEquals(1, log.size(), String.join("\n", log));
        assertTrue(log.get(0).contains("redirect to localhost") && log.get(0).contains("does not follow it"), log.get(0));
      }
    } finally {
      elsewhere.stop();
    }
  }

  /** Gateway URLs that fail in each way the troubleshooting page lists. */
  private static List<String[]> unreachable() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {"http://127.0.0.1:" + closed + "/v1", "connection refused"});
    cases.add(new String[] {"https://gateway.invalid/v1", "DNS lookup of gateway.invalid failed"});
    // TLS to a port that speaks plain HTTP.
    cases.add(new String[] {"https://127.0.0.1:" + gateway.server.port() + "/v1", "TLS handshake failed"});
    return cases;
  }

  @Test
  void anUnreachableGatewayFailsClosedWithAClearIOExceptionAndTheChecks() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    for (String[] c : unreachable()) {
      AppRunner.Result result = agent(c[0], StandInGateway.API_KEY)
          .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json");
      assertEquals(3, result.exitCode, result.out() + result.stderr);
      String exception = result.out();
      assertTrue(exception.startsWith("EXCEPTION java.io.IOException: Takumo Aegis did not send a request to 127.0.0.1")
          && exception.contains(c[0]) && exception.contains(c[1]) && exception.contains("DNS") && exception.contains("port 443")
          && exception.contains("proxy"), exception);
      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains(c[0]) && log.get(0).contains(c[1]) && log.get(0).contains("firewall"), log.get(0));
    }
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went direct");
  }

  @Test
  void a503FromTheGatewayFailsClosed() throws Exception {
    WireMockServer down = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    down.start();
    try {
      down.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
          .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
      String url = "http://127.0.0.1:" + down.port() + "/v1";
      Path request = StandInProviders.requestFile(CHAT, "hello", false);
      AppRunner.Result closed = agent(url, StandInGateway.API_KEY)
          .run("io.takumo.aegis.apps.HttpCall", "okhttp", provider.url(CHAT), request.toString(), "Content-Type: application/json");
      assertEquals(3, closed.exitCode);
      assertTrue(closed.out().contains("HTTP 503 from /v1/_takumo/session") && closed.out().contains(url), closed.out());
      assertEquals(1, agentLines(closed).size(), closed.stderr);

      AppRunner.Result fallback = agent(url, StandInGateway.API_KEY).setting("gateway-fallback", "local")
          .run("io.takumo.aegis.apps.HttpCall", "urlconnection", provider.url(CHAT), request.toString(), "Content-Type: application/json")
          .assertOk();
      assertEquals(FakeProvider.reply("hello"), Replies.parse(fallback.out()).text);
      assertEquals(1, provider.server.getAllServeEvents().size(), "went straight to the provider");
    } finally {
      down.stop();
    }
  }

  @Test
  void withFallbackLocalTheAgentGoesDirectTokenizedAndSaysSoOnce() throws Exception {
    TestSecrets secrets = new TestSecrets();
    String message = secrets.message();
    Path request = StandInProviders.requestFile(CHAT, message, false);
    String refused = unreachable().get(0)[0];
    AppRunner.Result result = agent(refused, StandInGateway.API_KEY).setting("gateway-fallback", "local")
        .run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(), "0", "3")
        .assertOk();
    List<String> out = result.out().lines().collect(Collectors.toList());
    assertEquals(3, out.size(), result.out());
    for (String line : out) {
      assertTrue(line.contains("status=200"), line);
      String body = new String(Base64.getDecoder().decode(line.substring(line.indexOf("body=") + 5)), StandardCharsets.UTF_8);
      assertEquals(FakeProvider.reply(message), Replies.parse(body).text);
    }
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    List<String> log = agentLines(result);
    assertEquals(1, log.size(), String.join("\n", log));
    assertTrue(log.get(0).contains("gateway-fallback is local") && log.get(0).contains(refused)
        && log.get(0).contains("connection refused") && log.get(0).contains("DNS"), log.get(0));
  }

  @Test
  void theHandshakeGoesThroughTheConfiguredProxy() throws Exception {
    WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort()
        .enableBrowserProxying(true));
    proxy.start();
    try {
      Path request = StandInProviders.requestFile(CHAT, "hello", false);
      AppRunner.Result result = agent(gateway.base(), StandInGateway.API_KEY)
          .env("HTTP_PROXY", "http://127.0.0.1:" + proxy.port())
          .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json")
          .assertOk();
      assertEquals(FakeProvider.reply("hello"), Replies.parse(result.out()).text);
      List<String> proxied = proxy.getAllServeEvents().stream().map(e -> e.getRequest().getAbsoluteUrl()).collect(Collectors.toList());
      assertEquals(List.of(gateway.base() + "/_takumo/session"), proxied);
      assertEquals(1, gateway.handshakes());
    } finally {
      proxy.stop();
    }
  }

  /** {@code java -jar takumo-aegis.jar doctor ARGS} with these environment variables. */
  static AppRunner.Result doctor(java.util.Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(AppRunner.javaExecutable(), "-jar", AppRunner.AGENT_JAR.toString(), "doctor"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("TAKUMO_") || k.equals("JAVA_TOOL_OPTIONS") || k.endsWith("_PROXY")
        || k.endsWith("_proxy"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    return new AppRunner.Result(p.exitValue(), out, new String(err.join(), StandardCharsets.UTF_8));
  }

  static java.util.Map<String, String> doctorEnv(String url, String key) {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    env.put("TAKUMO_AEGIS_MODE", "gateway");
    env.put("TAKUMO_GATEWAY_URL", url);
    env.put("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY);
    if (key != null) {
      env.put("TAKUMO_API_KEY", key);
    }
    return env;
  }

  @Test
  void doctorPassesAgainstAWorkingGateway() throws Exception {
    AppRunner.Result r = doctor(doctorEnv(gateway.base(), StandInGateway.API_KEY));
    assertEquals(0, r.exitCode, r.out() + r.stderr);
    for (String step : List.of("configuration", "dns", "connect", "handshake", "api key")) {
      assertTrue(r.out().contains("  ok    " + step), r.out());
    }
    assertTrue(r.out().contains("org policy: 1 setting(s) [rules]") && r.out().endsWith("all checks passed\n"), r.out());
    assertTrue(r.out().matches("(?s).*\\(\\d+\\.\\d ms\\).*"), "each step's time: " + r.out());
    assertFalse(r.out().contains(StandInGateway.API_KEY) || r.stderr.contains(StandInGateway.API_KEY));
  }

  @Test
  void doctorNamesTheFailedStepAndItsFix() throws Exception {
    String refused = unreachable().get(0)[0];
    WireMockServer down = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    down.start();
    down.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(503)));
    String[][] cases = {
        {gateway.base(), null, "FAIL  configuration  mode gateway needs an org API key: set TAKUMO_API_KEY", "fix: "},
        {gateway.base(), "tk_live_wrong", "FAIL  api key        refused: HTTP 401 invalid_api_key \"The API key is not valid.\"", "check TAKUMO_API_KEY"},
        {refused, StandInGateway.API_KEY, "FAIL  connect        cannot connect to 127.0.0.1:", "port " + refused.replaceAll(".*:(\\d+)/v1", "$1") + " must be open"},
        {"https://gateway.invalid/v1", StandInGateway.API_KEY, "FAIL  dns            cannot resolve gateway.invalid", "nslookup gateway.invalid"},
        {"https://127.0.0.1:" + gateway.server.port() + "/v1", StandInGateway.API_KEY, "FAIL  handshake      TLS handshake failed", "firewall"},
        {"http://127.0.0.1:" + down.port() + "/v1", StandInGateway.API_KEY, "FAIL  handshake      HTTP 503 from /v1/_takumo/session", "proxy"},
    };
    for (String[] c : cases) {
      AppRunner.Result r = doctor(doctorEnv(c[0], c[1]));
      assertEquals(1, r.exitCode, r.out() + r.stderr);
      assertTrue(r.out().contains(c[2]) && r.out().contains("fix: ") && r.out().contains(c[3]), c[0] + "\n" + r.out());
      assertFalse(r.out().contains("all checks passed"));
      if (c[1] != null) {
        assertFalse(r.out().contains(c[1]), "the key is never printed");
      }
    }
    down.stop();
    assertEquals(2, doctor(doctorEnv(gateway.base(), StandInGateway.API_KEY), "--bogus").exitCode);
  }

  /**
   * What gateway mode adds to a request, against the loopback stand-ins: the same app, the same
   * requests, once in {@code mode=local} straight to the stand-in provider and once through the
   * stand-in gateway (both answer with the same FakeProvider). Run only on a quiet machine:
   * {@code mvn -B verify -pl test-apps/e2e -am -Dtest='GatewayE2ETest#measure*' -Daegis.measure=true -Dsurefire.failIfNoSpecifiedTests=false}
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "aegis.measure", matches = "true")
  void measureAddedLatency() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello, the key is sk-proj-" + "a".repeat(20) + "T3BlbkFJ" + "b".repeat(20), false);
    int n = Integer.getInteger("aegis.measure.requests", 200);
    double[] local = timings(AppRunner.app("apps").setting("provider-hosts", provider.hostEntry())
        .run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(), "0", String.valueOf(n)).assertOk());
    double[] routed = timings(agent(gateway.base(), StandInGateway.API_KEY)
        .run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(), "0", String.valueOf(n)).assertOk());
    System.out.printf(java.util.Locale.ROOT,
        "first request: local %.2f ms, gateway %.2f ms, added %.2f ms%nsteady state (median of the other %d): local %.3f ms, gateway %.3f ms, added %.3f ms%n",
        local[0], routed[0], routed[0] - local[0], n - 1, local[1], routed[1], routed[1] - local[1]);
  }

  /** {first request's ms, median ms of the rest} from GatewayCalls' output. */
  private static double[] timings(AppRunner.Result r) {
    List<Double> ms = r.out().lines().map(l -> Double.parseDouble(l.replaceAll(".* ms=([0-9.]+) .*", "$1")))
        .collect(Collectors.toList());
    List<Double> rest = new ArrayList<>(ms.subList(1, ms.size()));
    java.util.Collections.sort(rest);
    return new double[] {ms.get(0), rest.get(rest.size() / 2)};
  }
}
