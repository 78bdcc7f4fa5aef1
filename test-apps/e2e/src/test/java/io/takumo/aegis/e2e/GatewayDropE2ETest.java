package io.takumo.aegis.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The gateway goes down in the middle of a session: the handshake and the first routed request
 * succeed, then the gateway stops accepting connections ({@link DroppingGatewayProxy}). The next
 * request must behave as the troubleshooting page says for an unreachable gateway: with
 * gateway-fallback local it goes straight to the provider, tokenized, and the agent says so once;
 * with none the app gets the one-line IOException naming the gateway and the checks. Also: a 503
 * the gateway answers mid-session reaches the app unchanged with one line.
 */
class GatewayDropE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String END = "\n#### end of response ####\n";

  private static StandInProviders provider;
  private static StandInGateway gateway;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
    gateway = new StandInGateway();
    // Routed answers close their connection, so a client's next request opens a new one.
    gateway.server.stubFor(post(urlPathMatching("/v1/(?!_takumo/).*")).atPriority(5)
        .willReturn(aResponse().withHeader("Connection", "close").withTransformers(FakeProvider.NAME)));
    // A provider's own 503, forwarded by the gateway and marked as the provider's.
    gateway.server.stubFor(post(urlPathMatching("/v1/.*")).withHeader("X-Scenario", equalTo("503-upstream")).atPriority(2)
        .willReturn(aResponse().withStatus(503).withHeader("Content-Type", "application/json")
            .withHeader("X-Takumo-Error", "upstream_error").withHeader("X-Takumo-Error-Source", "upstream")
            .withBody(StandInGateway.UPSTREAM_ERROR)));
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
  }

  private static AppRunner agent(String gatewayUrl) {
    return agent("apps", gatewayUrl);
  }

  private static AppRunner agent(String app, String gatewayUrl) {
    return AppRunner.app(app)
        .setting("provider-hosts", provider.hostEntry())
        .setting("mode", "gateway")
        .env("TAKUMO_GATEWAY_URL", gatewayUrl)
        .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
        .env("TAKUMO_API_KEY", StandInGateway.API_KEY);
  }

  static List<String> agentLines(AppRunner.Result r) {
    return Arrays.stream(r.stderr.split("\n")).filter(l -> l.contains("[takumo-aegis]") && !l.contains("Takumo Aegis active")
            && !l.contains("org policy applied"))
        .collect(Collectors.toList());
  }

  static List<String> responses(AppRunner.Result r) {
    List<String> out = new ArrayList<>(List.of(r.out().split(END, -1)));
    out.remove(out.size() - 1);
    return out;
  }

  /**
   * ... and each request is counted once (its audit record), the one sent again straight to the
   * provider included: the retry sends the body tokenized for the gateway, not scanned again.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk-send", "jdk-string", "urlconnection", "okhttp"})
  void withFallbackLocalTheRequestAfterTheDropGoesDirectTokenizedAndTheAppSeesNoFailure(String client, @TempDir Path tmp)
      throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    Path audit = tmp.resolve("audit.jsonl");
    try (DroppingGatewayProxy drop = new DroppingGatewayProxy(gateway.server.port())) {
      AppRunner.Result result = agent(drop.base()).setting("gateway-fallback", "local").setting("audit-file", audit.toString())
          .run("io.takumo.aegis.apps.RepeatedCalls", client, provider.url(CHAT), request.toString(), "3").assertOk();

      List<String> replies = responses(result);
      assertEquals(3, replies.size(), result.out() + result.stderr);
      for (String reply : replies) {
        assertFalse(reply.startsWith("EXCEPTION"), reply + "\n" + result.stderr);
        assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(reply).text, "the app read its reply, restored");
      }
      List<LoggedRequest> routed = gateway.routed();
      assertEquals(1, routed.size(), "the first request went through the gateway");
      assertNull(secrets.leakIn(routed.get(0).getBodyAsString()));
      assertEquals(2, provider.received(secrets.lookAlikes.get(2)).size(), "the other two went straight to the provider");
      ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
      assertTrue(provider.server.getAllServeEvents().stream().noneMatch(e -> e.getRequest().getAllHeaderKeys().stream()
          .anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-takumo-"))), "no route header reaches the provider");

      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains("gateway-fallback is local") && log.get(0).contains(drop.base())
          && log.get(0).contains("connection refused") && log.get(0).contains("DNS") && log.get(0).contains("port 443")
          && log.get(0).contains("proxy"), log.get(0));
      assertFalse(result.stderr.contains(StandInGateway.API_KEY));
      assertCountedOnce(audit, 3, secrets);
    }
  }

  /** One audit record per request the app made, each tokenized, with the same token fingerprints. */
  static void assertCountedOnce(Path audit, int requests, TestSecrets secrets) throws Exception {
    String text = Files.readString(audit, StandardCharsets.UTF_8);
    List<String> records = text.lines().collect(Collectors.toList());
    assertEquals(requests, records.size(), "one audit record per request:\n" + text);
    JsonNode first = FakeProvider.JSON.readTree(records.get(0));
    for (String line : records) {
      JsonNode record = FakeProvider.JSON.readTree(line);
      assertEquals("tokenized", record.get("outcome").asText(), line);
      assertEquals(first.get("tokens"), record.get("tokens"), "the same secrets, the same tokens");
    }
    assertNull(secrets.leakIn(text));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk-send", "urlconnection"})
  void withFallbackNoneTheRequestAfterTheDropFailsWithTheOneLineIOException(String client) throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    try (DroppingGatewayProxy drop = new DroppingGatewayProxy(gateway.server.port())) {
      AppRunner.Result result = agent(drop.base())
          .run("io.takumo.aegis.apps.RepeatedCalls", client, provider.url(CHAT), request.toString(), "2").assertOk();

      List<String> replies = responses(result);
      assertEquals(2, replies.size(), result.out());
      assertEquals(FakeProvider.reply("hello"), Replies.parse(replies.get(0)).text);
      assertBlocked(replies.get(1), drop.base());
      assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains(drop.base()) && log.get(0).contains("connection refused") && log.get(0).contains("firewall"),
          log.get(0));
    }
  }

  /**
   * Apache HttpClient 4 and 5 classic, HttpAsyncClient 4.1 (its future, and its consumer's
   * result) and HttpClient 5 async (its future, its FutureCallback, its consumer): the client's
   * ConnectException becomes the one-line IOException.
   */
  @Test
  void apacheClassicAndAsync4ClientsFailWithTheOneLineIOExceptionAfterTheDrop() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    String[][] runs = {
        {"apache5-app", "io.takumo.aegis.apps.apache5.Apache5Call", "classic"},
        {"apache4-app", "io.takumo.aegis.apps.apache4.Apache4Call", "classic"},
        {"apache4-app", "io.takumo.aegis.apps.apache4.Apache4Call", "async"},
        {"apache4-app", "io.takumo.aegis.apps.apache4.Apache4Call", "async-chars"},
        {"apache5-app", "io.takumo.aegis.apps.apache5.Apache5Call", "async-callback"},
        {"apache5-app", "io.takumo.aegis.apps.apache5.Apache5Call", "async-chars"},
    };
    for (String[] run : runs) {
      gateway.server.resetRequests();
      try (DroppingGatewayProxy drop = new DroppingGatewayProxy(gateway.server.port())) {
        AppRunner.Result result = AppRunner.app(run[0])
            .setting("provider-hosts", provider.hostEntry())
            .setting("mode", "gateway")
            .env("TAKUMO_GATEWAY_URL", drop.base())
            .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
            .env("TAKUMO_API_KEY", StandInGateway.API_KEY)
            .run(run[1], run[2], provider.url(CHAT), request.toString(), run[2], provider.url(CHAT), request.toString());
        String name = run[0] + " " + run[2];
        List<String> sections = ApacheHttpClientE2ETest.sections(result.out());
        assertEquals(2, sections.size(), name + ": " + result.out() + result.stderr);
        assertEquals(FakeProvider.reply("hello"), Replies.parse(sections.get(0)).text, name);
        assertBlocked(sections.get(1).trim(), drop.base());
        List<String> log = agentLines(result);
        assertEquals(1, log.size(), name + ": " + String.join("\n", log));
        assertTrue(log.get(0).contains(drop.base()) && log.get(0).contains("firewall"), log.get(0));
      }
    }
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
  }

  /**
   * Jetty 12: a connection to the gateway that cannot be opened fails the requests queued for it
   * before any of them was sent. With gateway-fallback local the agent moves the request to the
   * provider's destination, as Jetty moves an exchange it retries: the app sees no failure (its
   * body written after {@code send} too), the provider gets the body as tokenized for the gateway
   * and no gateway header, every reply is restored, each request counted once. With none the
   * request fails with the one-line IOException and nothing reaches the provider. Either way the
   * agent logs the one line, once.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"sync local", "stream local", "async none"})
  void jettyAfterTheDropGoesDirectOrFailsWithTheOneLineIOException(String run, @TempDir Path tmp) throws Exception {
    String mode = run.split(" ")[0];
    boolean local = run.endsWith("local");
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    Path audit = tmp.resolve("audit.jsonl");
    try (DroppingGatewayProxy drop = new DroppingGatewayProxy(gateway.server.port())) {
      AppRunner runner = agent("jetty-app", drop.base()).setting("audit-file", audit.toString());
      if (local) {
        runner.setting("gateway-fallback", "local");
      }
      int calls = local ? 3 : 2;
      List<String> args = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        args.addAll(List.of(mode, provider.url(CHAT), request.toString()));
      }
      AppRunner.Result result = runner.run("io.takumo.aegis.apps.jetty.JettyCall", args.toArray(new String[0])).assertOk();

      List<String> replies = responses(result);
      assertEquals(calls, replies.size(), result.out() + result.stderr);
      assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(replies.get(0)).text, "the routed reply, restored");
      assertEquals(1, gateway.routed().size(), "only the first request went through the gateway");
      assertNull(secrets.leakIn(gateway.routed().get(0).getBodyAsString()));
      if (local) {
        for (String reply : replies) {
          assertFalse(reply.startsWith("EXCEPTION"), reply + "\n" + result.stderr);
          assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(reply).text, "every reply, restored");
        }
        assertEquals(2, provider.received(secrets.lookAlikes.get(2)).size(), "the other two went straight to the provider");
        ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
        assertNoGatewayHeaderReachedTheProvider();
        assertCountedOnce(audit, 3, secrets);
      } else {
        assertBlocked(replies.get(1), drop.base());
        assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
        assertCountedOnce(audit, 2, secrets);
      }

      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains(drop.base()) && log.get(0).contains("connection refused") && log.get(0).contains("DNS")
          && log.get(0).contains("firewall") && log.get(0).contains("proxy"), log.get(0));
      assertEquals(local, log.get(0).contains("gateway-fallback is local"), log.get(0));
      assertFalse(result.stderr.contains(StandInGateway.API_KEY));
    }
  }

  /**
   * Reactor Netty 1.3 and 1.2, and Spring WebClient on it. With gateway-fallback local the request after the
   * drop is made again by Reactor Netty, straight to the provider (as it follows a redirect): the
   * app sees no failure, the provider gets the body tokenized (once: nothing of it was written to
   * the gateway) and no gateway header, every reply is restored, each request counted once. With
   * none that request fails with the client's own exception and nothing reaches the provider.
   * Either way the agent logs the one line, once.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"reactor-netty-app webclient local", "webclient6-app netty-chunked local",
      "reactor-netty-app netty none"})
  void reactorNettyAfterTheDropGoesDirectOrFails(String run, @TempDir Path tmp) throws Exception {
    String[] parts = run.split(" ");
    String mode = parts[1];
    boolean local = parts[2].equals("local");
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    Path audit = tmp.resolve("audit.jsonl");
    try (DroppingGatewayProxy drop = new DroppingGatewayProxy(gateway.server.port())) {
      AppRunner runner = agent(parts[0], drop.base()).setting("audit-file", audit.toString());
      if (local) {
        runner.setting("gateway-fallback", "local");
      }
      int calls = local ? 3 : 2;
      AppRunner.Result result = runner.run("io.takumo.aegis.apps.netty.ReactorNettyRepeatedCalls", mode, provider.url(CHAT),
          request.toString(), String.valueOf(calls)).assertOk();

      List<String> replies = responses(result);
      assertEquals(calls, replies.size(), result.out() + result.stderr);
      assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(replies.get(0)).text, "the routed reply, restored");
      assertEquals(1, gateway.routed().size(), "only the first request went through the gateway");
      assertNull(secrets.leakIn(gateway.routed().get(0).getBodyAsString()));
      if (local) {
        for (String reply : replies) {
          assertFalse(reply.startsWith("EXCEPTION"), reply + "\n" + result.stderr);
          assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(reply).text, "every reply, restored");
        }
        assertEquals(2, provider.received(secrets.lookAlikes.get(2)).size(), "the other two went straight to the provider");
        ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
        assertNoGatewayHeaderReachedTheProvider();
        assertCountedOnce(audit, 3, secrets);
      } else {
        // Netty's AnnotatedConnectException, a java.net.ConnectException.
        assertTrue(replies.get(1).startsWith("EXCEPTION io.netty.channel.AbstractChannel$AnnotatedConnectException")
            && replies.get(1).contains("Connection refused"), replies.get(1));
        assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
      }

      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains(drop.base()) && log.get(0).contains("connection refused") && log.get(0).contains("DNS")
          && log.get(0).contains("firewall") && log.get(0).contains("proxy"), log.get(0));
      assertEquals(local, log.get(0).contains("gateway-fallback is local"), log.get(0));
      assertFalse(result.stderr.contains(StandInGateway.API_KEY));
    }
  }

  /** None of the protocol's headers (org API key, route ticket, signature) went to the provider. */
  private static void assertNoGatewayHeaderReachedTheProvider() {
    assertTrue(provider.server.getAllServeEvents().stream().noneMatch(e -> e.getRequest().getHeaders().keys().stream()
        .anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-takumo"))), "no X-Takumo-* header reaches the provider");
  }

  /**
   * Apache HttpClient 4 and 5 classic, HttpClient 5 async and HttpAsyncClient 4.1, with
   * gateway-fallback local: the request after the drop is sent again by the client, straight to
   * the provider, with its body as already tokenized (a streamed entity too: the agent replaced it
   * with its bytes), so the app sees no failure (async: its future and its FutureCallback get the
   * provider's reply, its streaming consumer the restored stream); the agent logs the one line,
   * once, and each request is counted once.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"apache5-app classic", "apache4-app classic", "apache4-app classic-stream", "apache5-app async-callback",
      "apache5-app async-chars", "apache4-app async-callback", "apache4-app async-chars"})
  void apacheClassicWithFallbackLocalSendsTheRequestAfterTheDropAgainDirect(String run, @TempDir Path tmp) throws Exception {
    String[] parts = run.split(" ");
    String main = parts[0].equals("apache5-app") ? "io.takumo.aegis.apps.apache5.Apache5Call" : "io.takumo.aegis.apps.apache4.Apache4Call";
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    Path audit = tmp.resolve("audit.jsonl");
    try (DroppingGatewayProxy drop = new DroppingGatewayProxy(gateway.server.port())) {
      List<String> args = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        args.addAll(List.of(parts[1], provider.url(CHAT), request.toString()));
      }
      AppRunner.Result result = agent(parts[0], drop.base()).setting("gateway-fallback", "local")
          .setting("audit-file", audit.toString()).run(main, args.toArray(new String[0]));
      List<String> sections = ApacheHttpClientE2ETest.sections(result.out());
      assertEquals(3, sections.size(), result.out() + result.stderr);
      for (String section : sections) {
        assertFalse(section.startsWith("EXCEPTION"), section + "\n" + result.stderr);
        assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(section).text, "the app read its reply, restored");
      }
      assertEquals(1, gateway.routed().size(), "the first request went through the gateway");
      assertNull(secrets.leakIn(gateway.routed().get(0).getBodyAsString()));
      assertEquals(2, provider.received(secrets.lookAlikes.get(2)).size(), "the other two went straight to the provider");
      ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
      assertTrue(provider.server.getAllServeEvents().stream().noneMatch(e -> e.getRequest().getHeaders().keys().stream()
          .anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-takumo"))), "no X-Takumo-* header reaches the provider");

      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains("gateway-fallback is local") && log.get(0).contains(drop.base())
          && log.get(0).contains("connection refused") && log.get(0).contains("firewall"), log.get(0));
      assertCountedOnce(audit, 3, secrets);
    }
  }

  /**
   * Vert.x 4 and 5, WebClient and HttpClient: Vert.x hands the app its request only once it holds
   * a connection, so after the drop nothing of the request was written yet. With gateway-fallback
   * local the agent asks for it again straight to the provider: the app sees no failure, every
   * reply is restored, and each request is counted once; with none the app gets the one-line
   * IOException and nothing reaches the provider. Either way one log line. The same over HTTP/2
   * (h2c, each call on a new client of its own, so on a new connection), and for Vert.x 5's
   * explicit connections ({@code connect}, each call on a connection of its own): with local the
   * agent connects again straight to the provider.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"vertx4-app webclient local", "vertx5-app stream local", "vertx4-app stream none",
      "vertx5-app webclient none", "vertx4-app webclient-h2 local", "vertx5-app stream-h2 local",
      "vertx4-app stream-h2 none", "vertx5-app webclient-h2 none", "vertx5-app connect local", "vertx5-app connect-h2 none"})
  void vertxAfterTheDropGoesDirectOrFailsWithTheOneLineIOException(String run, @TempDir Path tmp) throws Exception {
    String[] parts = run.split(" ");
    boolean local = parts[2].equals("local");
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    Path audit = tmp.resolve("audit.jsonl");
    try (DroppingGatewayProxy drop = new DroppingGatewayProxy(gateway.server.port())) {
      AppRunner runner = agent(parts[0], drop.base()).setting("audit-file", audit.toString());
      if (local) {
        runner.setting("gateway-fallback", "local");
      }
      int calls = local ? 3 : 2;
      String main = parts[1].startsWith("connect") ? "io.takumo.aegis.apps.vertx5.ConnectCall" : "io.takumo.aegis.apps.vertx.VertxRepeatedCalls";
      AppRunner.Result result = runner.run(main, parts[1], provider.url(CHAT),
          request.toString(), String.valueOf(calls)).assertOk();

      List<String> replies = responses(result);
      assertEquals(calls, replies.size(), result.out() + result.stderr);
      assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(replies.get(0)).text, "the routed reply, restored");
      assertEquals(1, gateway.routed().size(), "only the first request went through the gateway");
      assertNull(secrets.leakIn(gateway.routed().get(0).getBodyAsString()));
      boolean http2 = parts[1].endsWith("-h2");
      assertEquals(http2, gateway.routed().get(0).getProtocol().startsWith("HTTP/2"), gateway.routed().get(0).getProtocol());
      assertTrue(provider.server.getAllServeEvents().stream().allMatch(e -> http2 == e.getRequest().getProtocol().startsWith("HTTP/2")),
          "the direct requests went over the client's protocol");
      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains(drop.base()) && log.get(0).contains("connection refused") && log.get(0).contains("DNS")
          && log.get(0).contains("firewall") && log.get(0).contains("proxy"), log.get(0));
      assertEquals(local, log.get(0).contains("gateway-fallback is local"), log.get(0));
      if (local) {
        for (String reply : replies) {
          assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(reply).text, "every reply, restored");
        }
        assertEquals(2, provider.received(secrets.lookAlikes.get(2)).size(), "the other two went straight to the provider");
        ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
        assertTrue(provider.server.getAllServeEvents().stream().noneMatch(e -> e.getRequest().getAllHeaderKeys().stream()
            .anyMatch(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("x-takumo-"))), "no gateway header reaches the provider");
        assertCountedOnce(audit, 3, secrets);
      } else {
        assertBlocked(replies.get(1), drop.base());
        assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
        assertCountedOnce(audit, 1, secrets);
      }
      assertFalse(result.stderr.contains(StandInGateway.API_KEY));
    }
  }

  private static void assertBlocked(String output, String url) {
    assertTrue(output.startsWith("EXCEPTION java.io.IOException: Takumo Aegis did not send a request to 127.0.0.1: the Takumo gateway "
        + url + " is unreachable (connection refused); check: the gateway URL"), output);
    assertTrue(output.contains("DNS") && output.contains("port 443") && output.contains("proxy"), output);
  }

  /**
   * A 503 the gateway itself answers mid-session reaches the app unchanged, with one line naming
   * the gateway and the checks; the session is dropped, so the next request handshakes again. A
   * 503 the gateway marks as the provider's ({@code X-Takumo-Error-Source: upstream}) is logged as
   * the provider's, and keeps the session.
   */
  @Test
  void a503MidSessionReachesTheAppUnchangedWithOneLine() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    AppRunner.Result result = agent(gateway.base())
        .run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(), "0", "4", "ok,503,ok,503-upstream")
        .assertOk();
    List<String> out = result.out().lines().collect(Collectors.toList());
    assertEquals(4, out.size(), result.out());
    assertTrue(out.get(0).contains("status=200") && out.get(2).contains("status=200"), result.out());
    assertTrue(out.get(1).contains("status=503"), out.get(1));
    assertEquals(StandInGateway.errorBody("unavailable", "Down for maintenance."), body(out.get(1)));
    assertTrue(out.get(3).contains("status=503"), out.get(3));
    assertEquals(StandInGateway.UPSTREAM_ERROR, body(out.get(3)));
    assertEquals(4, gateway.routed().size(), "the agent retried nothing");
    assertEquals(2, gateway.handshakes(), "the gateway's 503 ended the session; the provider's did not");
    assertTrue(provider.server.getAllServeEvents().isEmpty());

    List<String> log = agentLines(result);
    assertEquals(2, log.size(), String.join("\n", log));
    assertTrue(log.get(0).contains("answered 503 Service Unavailable") && log.get(0).contains(gateway.base())
        && log.get(0).contains("DNS") && log.get(0).contains("port 443") && log.get(0).contains("proxy"), log.get(0));
    assertTrue(log.get(1).contains("503") && log.get(1).contains("came from the upstream provider, not from Takumo"), log.get(1));
  }

  private static String body(String line) {
    return new String(Base64.getDecoder().decode(line.substring(line.indexOf("body=") + 5)), StandardCharsets.UTF_8);
  }

  /**
   * {@code takumo-aegis doctor} validates the org policy the handshake delivered: each invalid
   * entry named by rule id or place (never its pattern), and exit code 1; a valid one passes.
   */
  @Test
  void doctorNamesEachInvalidOrgPolicyEntryWithoutItsPattern() throws Exception {
    AppRunner.Result valid = GatewayE2ETest.doctor(GatewayE2ETest.doctorEnv(gateway.base(), StandInGateway.API_KEY));
    assertEquals(0, valid.exitCode, valid.out() + valid.stderr);
    assertTrue(valid.out().contains("  ok    org policy     1 custom rule(s), 0 allowlist entries, all valid"), valid.out());

    gateway.handshake.policy = "{\"rules\":[{\"id\":\"acme-broken\",\"regex\":\"ACME-[0-9a-f\"},"
        + "{\"id\":\"acme-fine\",\"regex\":\"ACME-[0-9a-f]{24}\"},{\"id\":\"acme-lookahead\",\"regex\":\"(?=ACME)x\"}],"
        + "\"allowlist\":{\"values\":[\"" + StandInGateway.ALLOWLISTED + "\"],\"regexes\":[\"ok-[0-9]+\",\"(unclosed\"]}}";
    try {
      AppRunner.Result r = GatewayE2ETest.doctor(GatewayE2ETest.doctorEnv(gateway.base(), StandInGateway.API_KEY));
      String out = r.out();
      assertEquals(1, r.exitCode, out + r.stderr);
      assertTrue(out.contains("  ok    handshake") && out.contains("  ok    api key"), out);
      assertTrue(out.contains("  FAIL  org policy     3 invalid entries; the agent skips them and applies the rest"), out);
      assertTrue(out.contains("        - rule 'acme-broken': invalid regex"), out);
      assertTrue(out.contains("        - rule 'acme-lookahead': invalid regex"), out);
      assertTrue(out.contains("        - allowlist: regex 2: invalid regex"), out);
      assertTrue(out.contains("fix: correct the entries named above in the org policy"), out);
      assertFalse(out.contains("acme-fine") || out.contains("ACME-[0-9a-f") || out.contains("(?=ACME)") || out.contains("unclosed")
          || out.contains("ok-[0-9]") || out.contains(StandInGateway.ALLOWLISTED), "no pattern or value printed:\n" + out);
      assertFalse(out.contains("all checks passed"));
    } finally {
      gateway.handshake.policy = StandInGateway.POLICY;
    }
  }
}
