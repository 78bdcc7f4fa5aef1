package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Gateway mode for the clients beside {@code java.net.http}, OkHttp and HttpURLConnection (which
 * {@link GatewayE2ETest} covers with the same stand-in gateway): each test app, unchanged, calls
 * the stand-in provider's URL in {@code mode=gateway}; the gateway must receive every call at the
 * provider's path, with the upstream and org-key headers, signed, tokenized; the provider must
 * receive nothing; and the app must read the reply restored, JSON and event streams alike. One JVM
 * per app: it makes every call in turn, each with its own secrets, so each call is told apart.
 */
class GatewayClientsE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";

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
  }

  @Test
  void apacheHttpClient5ClassicAndAsync() throws Exception {
    List<Call> calls = List.of(
        new Call("classic", CHAT, false),
        new Call("classic-stream", MESSAGES, true),
        new Call("async-simple", MESSAGES, false),
        new Call("async-chars", CHAT, true),
        new Call("h2-bytes", MESSAGES, true));
    AppRunner.Result result = inGatewayMode("apache5-app").run("io.takumo.aegis.apps.apache5.Apache5Call", args(calls)).assertOk();
    check(calls, ApacheHttpClientE2ETest.sections(result.out()), result);
  }

  @Test
  void apacheHttpClient4ClassicAndHttpAsyncClient41() throws Exception {
    List<Call> calls = List.of(
        new Call("classic", CHAT, false),
        new Call("classic-stream", MESSAGES, true),
        new Call("legacy", CHAT, true),
        new Call("async", MESSAGES, false),
        new Call("async-chars", CHAT, true));
    AppRunner.Result result = inGatewayMode("apache4-app").run("io.takumo.aegis.apps.apache4.Apache4Call", args(calls)).assertOk();
    check(calls, ApacheHttpClientE2ETest.sections(result.out()), result);
  }

  @Test
  void jettyHttpClient12() throws Exception {
    List<Call> calls = List.of(
        new Call("sync", CHAT, false),
        new Call("async", MESSAGES, true),
        new Call("stream", CHAT, true));
    AppRunner.Result result = inGatewayMode("jetty-app").run("io.takumo.aegis.apps.jetty.JettyCall", args(calls)).assertOk();
    List<String> outputs = new ArrayList<>(List.of(result.out().split("\n#### end of response ####\n", -1)));
    outputs.remove(outputs.size() - 1);
    check(calls, outputs, result);
    for (LoggedRequest r : gateway.routed()) {
      // Jetty adds Content-Type from the body after the agent signed, unless the agent set it: signed.
      assertTrue(List.of(r.getHeader("X-Takumo-Signed-Headers").split(";")).contains("content-type"),
          r.getHeader("X-Takumo-Signed-Headers"));
    }
  }

  /** A 307 from the gateway to another host: Jetty (a POST, its defaults) would send the route's headers there. */
  @Test
  void jettyDoesNotFollowARedirectFromTheGatewayToAnotherHost() throws Exception {
    WireMockServer elsewhere = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    elsewhere.start();
    try {
      elsewhere.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(200).withBody("followed")));
      // Another loopback server, by another name: another host to the client.
      gateway.redirectTo("http://localhost:" + elsewhere.port() + "/v1/chat/completions");
      Path request = StandInProviders.requestFile(CHAT, "hello", false);
      AppRunner.Result result = inGatewayMode("jetty-app")
          .run("io.takumo.aegis.apps.jetty.JettyCall", "sync-307", provider.url(CHAT), request.toString()).assertOk();
      for (ServeEvent e : elsewhere.getAllServeEvents()) {
        assertFalse(e.getRequest().getAllHeaderKeys().stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("x-takumo-")),
            "the other host saw the route's headers: " + e.getRequest().getAllHeaderKeys());
      }
      assertEquals(0, elsewhere.getAllServeEvents().size(), "nothing followed the redirect");
      assertEquals("moved" + "\n#### end of response ####\n", result.out(), "the app receives the gateway's redirect");
      List<String> log = GatewayDropE2ETest.agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains("with a redirect; the agent does not follow it"), log.get(0));
    } finally {
      elsewhere.stop();
    }
  }

  /**
   * A redirect from the gateway to another host: HttpClient 4 (classic, legacy and async: a POST's
   * 303) and HttpClient 5 (classic and async: a POST's 307), on their defaults, would send the
   * route's headers there.
   */
  @ParameterizedTest
  @CsvSource({
    "apache4-app, io.takumo.aegis.apps.apache4.Apache4Call, classic-303",
    "apache4-app, io.takumo.aegis.apps.apache4.Apache4Call, legacy-303",
    "apache4-app, io.takumo.aegis.apps.apache4.Apache4Call, async-303",
    "apache5-app, io.takumo.aegis.apps.apache5.Apache5Call, classic-307",
    "apache5-app, io.takumo.aegis.apps.apache5.Apache5Call, async-307"
  })
  void apacheDoesNotFollowARedirectFromTheGatewayToAnotherHost(String module, String app, String mode) throws Exception {
    WireMockServer elsewhere = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    elsewhere.start();
    try {
      elsewhere.stubFor(WireMock.any(WireMock.anyUrl()).willReturn(WireMock.aResponse().withStatus(200).withBody("followed")));
      // Another loopback server, by another name: another host to the client.
      gateway.redirectTo("http://localhost:" + elsewhere.port() + "/v1/chat/completions");
      Path request = StandInProviders.requestFile(CHAT, "hello", false);
      AppRunner.Result result = inGatewayMode(module).run(app, mode, provider.url(CHAT), request.toString()).assertOk();
      for (ServeEvent e : elsewhere.getAllServeEvents()) {
        assertFalse(e.getRequest().getAllHeaderKeys().stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("x-takumo-")),
            "the other host saw the route's headers: " + e.getRequest().getAllHeaderKeys());
      }
      assertEquals(0, elsewhere.getAllServeEvents().size(), "nothing followed the redirect");
      assertEquals(1, gateway.server.getAllServeEvents().stream()
          .filter(e -> e.getRequest().getUrl().equals(CHAT)).count(), "the gateway got the request once");
      assertEquals(List.of("moved"), ApacheHttpClientE2ETest.sections(result.out()).stream().map(String::strip).collect(Collectors.toList()),
          "the app receives the gateway's redirect");
      List<String> log = GatewayDropE2ETest.agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains("redirect to localhost") && log.get(0).contains("does not follow it"), log.get(0));
    } finally {
      elsewhere.stop();
    }
  }

  /** Spring's RestClient over the request factories of the clients above follows their routing. */
  @Test
  void springRestClientOverApache5JettyAndReactorNetty() throws Exception {
    List<Call> calls = List.of(
        new Call("apache5/restclient", CHAT, false),
        new Call("jetty/restclient-stream", MESSAGES, true),
        new Call("reactor/restclient", CHAT, false));
    AppRunner.Result result = inGatewayMode("spring-restclient-app").run("io.takumo.aegis.apps.spring.SpringCall", args(calls)).assertOk();
    List<String> outputs = new ArrayList<>(List.of(result.out().split("\n#### end of response ####\n", -1)));
    outputs.remove(outputs.size() - 1);
    check(calls, outputs, result);
  }

  /** One JVM per call: the app makes one call per run. */
  @Test
  void reactorNettyAndWebClient() throws Exception {
    for (Call call : List.of(
        new Call("netty", CHAT, false),
        new Call("netty-h2c", CHAT, true),
        new Call("webclient-sse", MESSAGES, true))) {
      reset();
      AppRunner.Result result = inGatewayMode("reactor-netty-app")
          .run("io.takumo.aegis.apps.netty.ReactorNettyCall", call.mode, provider.url(call.path), call.request.toString())
          .assertOk();
      check(List.of(call), List.of(result.out()), result);
    }
  }

  /** Vert.x 4 and 5, WebClient and HttpClient, HTTP/1.1: one JVM per call (the app makes one call per run). */
  @Test
  void vertx4And5() throws Exception {
    for (String app : List.of("vertx4-app", "vertx5-app")) {
      for (Call call : List.of(new Call("webclient", CHAT, false), new Call("stream", MESSAGES, true))) {
        reset();
        AppRunner.Result result = inGatewayMode(app)
            .run("io.takumo.aegis.apps.vertx.VertxCall", call.mode, provider.url(call.path), call.request.toString())
            .assertOk();
        check(List.of(call), List.of(result.out()), result);
      }
    }
  }

  /**
   * Vert.x 4 and 5 set to HTTP/2 (h2c, prior knowledge), WebClient and HttpClient: routed like
   * HTTP/1.1, over an HTTP/2 connection to the gateway. Their headers go out before the body is
   * protected, so they are signed with the request's method and UNSIGNED-PAYLOAD, which the
   * stand-in checks as a gateway would. One JVM per call.
   */
  @Test
  void vertx4And5OverHttp2() throws Exception {
    for (String app : List.of("vertx4-app", "vertx5-app")) {
      for (Call call : List.of(new Call("webclient-h2", CHAT, false), new Call("stream-h2", MESSAGES, true))) {
        reset();
        AppRunner.Result result = inGatewayMode(app)
            .run("io.takumo.aegis.apps.vertx.VertxCall", call.mode, provider.url(call.path), call.request.toString())
            .assertOk();
        check(List.of(call), List.of(result.out()), result);
        LoggedRequest r = gateway.routed().get(0);
        String what = app + " " + call.mode + ": ";
        assertTrue(r.getProtocol().startsWith("HTTP/2"), what + "went over HTTP/2, not " + r.getProtocol());
        assertEquals("POST", r.getMethod().getName(), what);
        assertEquals("UNSIGNED-PAYLOAD", r.getHeader("X-Takumo-Content-SHA256"), what + "headers sent before the body");
        assertNull(gateway.signatureProblem(r), what + "signed with the request's method and headers");
      }
    }
  }

  /**
   * In gateway mode, a Vert.x HTTP/2 request to a host that is not a provider is left alone: the
   * host receives the app's bytes as they were, the app reads the reply as it came, the gateway
   * hears of nothing.
   */
  @Test
  void vertxOverHttp2ToAnotherHostIsUntouched() throws Exception {
    try (StandInProviders other = new StandInProviders()) {
      for (String[] run : List.of(new String[] {"vertx4-app", "webclient-h2"}, new String[] {"vertx5-app", "stream-h2"})) {
        other.server.resetRequests();
        TestSecrets secrets = new TestSecrets();
        Path request = StandInProviders.requestFile(CHAT, secrets.message(), run[1].startsWith("stream"));
        AppRunner.Result result = inGatewayMode(run[0])
            .run("io.takumo.aegis.apps.vertx.VertxCall", run[1], other.url(CHAT), request.toString()).assertOk();
        List<byte[]> received = other.received(secrets.lookAlikes.get(2));
        assertEquals(1, received.size(), run[1]);
        assertArrayEquals(java.nio.file.Files.readAllBytes(request), received.get(0), run[0] + " " + run[1] + ": the bytes as sent");
        assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(result.out()).text, run[1]);
      }
    }
    assertEquals(List.of(), gateway.routed(), "nothing routed");
    assertEquals(0, gateway.handshakes(), "no handshake either");
  }

  /**
   * Vert.x 5's explicit connections ({@code HttpClientAgent.connect}, then {@code request} on the
   * connection), HTTP/1.1 and HTTP/2: the connection is opened to the gateway, and each request on
   * it is routed like any other. One JVM per call.
   */
  @Test
  void vertx5ExplicitConnections() throws Exception {
    for (Call call : List.of(new Call("connect", CHAT, false), new Call("connect-h2", MESSAGES, true))) {
      reset();
      AppRunner.Result result = inGatewayMode("vertx5-app")
          .run("io.takumo.aegis.apps.vertx5.ConnectCall", call.mode, provider.url(call.path), call.request.toString())
          .assertOk();
      check(List.of(call), List.of(result.out()), result);
      LoggedRequest r = gateway.routed().get(0);
      assertEquals(call.mode.endsWith("-h2"), r.getProtocol().startsWith("HTTP/2"), r.getProtocol());
      assertNull(gateway.signatureProblem(r), call.mode);
    }
  }

  /**
   * The gateway's own answer on an HTTP/2 stream (a 429) reaches the Vert.x app unchanged, and the
   * agent reads its headers from the HTTP/2 response (names in lower case) for its log lines.
   */
  @Test
  void vertxOverHttp2GetsTheGatewaysAnswerUnchangedWithItsLogLines() throws Exception {
    Call call = new Call("webclient-h2", CHAT, false);
    AppRunner.Result result = inGatewayMode("vertx4-app")
        .run("io.takumo.aegis.apps.vertx.VertxCall", call.mode, provider.url(call.path), call.request.toString(), "X-Scenario: 429")
        .assertOk();
    assertEquals(StandInGateway.errorBody("rate_limited", "Rate limit exceeded."), result.out());
    assertEquals(1, gateway.routed().size());
    assertTrue(gateway.routed().get(0).getProtocol().startsWith("HTTP/2"), gateway.routed().get(0).getProtocol());
    List<String> log = result.stderr.lines().filter(GatewayClientsE2ETest::isAgentLine).collect(Collectors.toList());
    assertEquals(2, log.size(), String.join("\n", log));
    assertTrue(log.get(0).contains("quota is low: X-RateLimit-Remaining 0"), log.get(0));
    assertTrue(log.get(1).contains("429") && log.get(1).contains("Retry-After 17") && log.get(1).contains("does not retry"), log.get(1));
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
  }

  /**
   * An unreachable gateway (connection refused) with gateway-fallback none: every client's request
   * fails with the IOException that names the gateway and the checks, before anything is sent.
   */
  @Test
  void anUnreachableGatewayFailsEveryClientClosedWithTheSameIOException() throws Exception {
    String refused = refusedGateway();
    String[][] runs = {
        {"apache5-app", "io.takumo.aegis.apps.apache5.Apache5Call", "classic", "async-simple"},
        {"apache4-app", "io.takumo.aegis.apps.apache4.Apache4Call", "classic", "async-chars"},
        {"jetty-app", "io.takumo.aegis.apps.jetty.JettyCall", "sync"},
        {"reactor-netty-app", "io.takumo.aegis.apps.netty.ReactorNettyCall", "netty"},
        {"vertx4-app", "io.takumo.aegis.apps.vertx.VertxCall", "webclient"},
        {"vertx5-app", "io.takumo.aegis.apps.vertx.VertxCall", "stream"},
    };
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    for (String[] run : runs) {
      List<String> args = new ArrayList<>();
      for (int i = 2; i < run.length; i++) {
        args.addAll(List.of(run[i], provider.url(CHAT), request.toString()));
      }
      AppRunner.Result result = inGatewayMode(run[0]).env("TAKUMO_GATEWAY_URL", refused)
          .run(run[1], args.toArray(new String[0]));
      String out = result.out();
      int calls = run.length - 2;
      String exception = "EXCEPTION java.io.IOException: Takumo Aegis did not send a request to 127.0.0.1: the Takumo gateway "
          + refused + " is unreachable (connection refused)";
      assertEquals(calls, out.split(java.util.regex.Pattern.quote(exception), -1).length - 1, run[0] + ": " + out + result.stderr);
      List<String> agentLines = result.stderr.lines().filter(GatewayClientsE2ETest::isAgentLine)
          .collect(Collectors.toList());
      assertEquals(calls, agentLines.size(), run[0] + ": one line per request\n" + result.stderr);
      assertTrue(agentLines.stream().allMatch(l -> l.contains(refused) && l.contains("firewall")), String.join("\n", agentLines));
    }
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
  }

  /**
   * With gateway-fallback local, an unreachable gateway sends requests straight to the provider,
   * tokenized, and says so once (Apache HttpClient 5, and HttpAsyncClient 4.1, whose producer then
   * answers the app's own target).
   */
  @Test
  void withFallbackLocalEveryClientGoesDirectTokenized() throws Exception {
    String refused = refusedGateway();
    String[][] apps = {
        {"apache5-app", "io.takumo.aegis.apps.apache5.Apache5Call"},
        {"apache4-app", "io.takumo.aegis.apps.apache4.Apache4Call"},
    };
    List<List<Call>> callsOf = List.of(
        List.of(new Call("classic", CHAT, false), new Call("async-chars", MESSAGES, true)),
        List.of(new Call("async-chars", CHAT, true)));
    for (int a = 0; a < apps.length; a++) {
      String[] run = apps[a];
      List<Call> calls = callsOf.get(a);
      AppRunner.Result result = inGatewayMode(run[0]).env("TAKUMO_GATEWAY_URL", refused).setting("gateway-fallback", "local")
          .run(run[1], args(calls)).assertOk();
      List<String> outputs = ApacheHttpClientE2ETest.sections(result.out());
      for (int i = 0; i < calls.size(); i++) {
        Call call = calls.get(i);
        ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, call.secrets);
        assertEquals(FakeProvider.reply(call.secrets.message()), Replies.parse(outputs.get(i)).text, run[0] + " " + call.mode);
      }
      List<String> agentLines = result.stderr.lines().filter(GatewayClientsE2ETest::isAgentLine)
          .collect(Collectors.toList());
      assertEquals(1, agentLines.size(), String.join("\n", agentLines));
      assertTrue(agentLines.get(0).contains("gateway-fallback is local") && agentLines.get(0).contains(refused), agentLines.get(0));
    }
  }

  /** A line the agent logged, its start-up line and the org policy's (counts only) aside. */
  private static boolean isAgentLine(String line) {
    return line.contains("[takumo-aegis]") && !line.contains("Takumo Aegis active") && !line.contains("org policy applied");
  }

  private static String refusedGateway() throws Exception {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return "http://127.0.0.1:" + s.getLocalPort() + "/v1";
    }
  }

  private static AppRunner inGatewayMode(String module) {
    return AppRunner.app(module)
        .setting("provider-hosts", provider.hostEntry())
        .setting("mode", "gateway")
        .env("TAKUMO_GATEWAY_URL", gateway.base())
        .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
        .env("TAKUMO_API_KEY", StandInGateway.API_KEY);
  }

  /** {@code MODE URL BODY_FILE} for each call. */
  private static String[] args(List<Call> calls) {
    List<String> args = new ArrayList<>();
    for (Call call : calls) {
      args.add(call.mode);
      args.add(provider.url(call.path));
      args.add(call.request.toString());
    }
    return args.toArray(new String[0]);
  }

  private static void check(List<Call> calls, List<String> outputs, AppRunner.Result result) throws Exception {
    assertEquals(calls.size(), outputs.size(), result.out());
    for (int i = 0; i < calls.size(); i++) {
      calls.get(i).check(outputs.get(i));
    }
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
    assertEquals(1, gateway.handshakes(), "one handshake for the session");
    assertEquals(calls.size(), gateway.routed().size(), "each call routed once");
    List<String> agentLines = result.stderr.lines()
        .filter(GatewayClientsE2ETest::isAgentLine).collect(Collectors.toList());
    assertEquals(List.of(), agentLines, "nothing to say");
    assertFalse(result.stderr.contains(StandInGateway.API_KEY), "the org key is never logged");
  }

  /** One call the app makes, and what must come of it. */
  private static final class Call {
    final String mode;
    final String path;
    final boolean stream;
    final TestSecrets secrets = new TestSecrets();
    final Path request;

    Call(String mode, String path, boolean stream) throws Exception {
      this.mode = mode;
      this.path = path;
      this.stream = stream;
      this.request = StandInProviders.requestFile(path, secrets.message(), stream);
    }

    void check(String output) throws Exception {
      String what = mode + " " + path + " stream=" + stream + ": ";
      assertFalse(output.startsWith("EXCEPTION"), what + output);
      String marker = secrets.lookAlikes.get(2);
      List<LoggedRequest> mine = gateway.routed().stream().filter(r -> r.getBodyAsString().contains(marker))
          .collect(Collectors.toList());
      assertEquals(1, mine.size(), what + "requests the gateway received");
      LoggedRequest r = mine.get(0);
      assertEquals(path, r.getUrl(), what + "the provider path, kept under the gateway base /v1");
      assertEquals(provider.url(path), r.getHeader("X-Takumo-Upstream"), what + "the upstream");
      assertNull(r.getHeader("X-Takumo-Api-Key"), what + "the org key goes on the handshake only");
      assertEquals("2", r.getHeader("X-Takumo-Protocol"), what);
      // From the Host header (or HTTP/2's :authority): the request names the gateway, not the provider.
      assertEquals(gateway.base() + path.substring("/v1".length()), r.getAbsoluteUrl(), what + "the URL the gateway saw");
      assertNull(gateway.signatureProblem(r), what + "the signature");
      assertNull(r.getHeader("x-takumo-aegis-route"), what + "the agent's own route ticket stays in the process");
      String body = r.getBodyAsString();
      for (String secret : secrets.secrets()) {
        String escaped = secret.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
        assertFalse(body.contains(escaped) || body.contains(secret),
            what + "the gateway received a secret of " + secret.length() + " chars");
      }
      assertTrue(body.contains("TKM_"), what + "the gateway sees tokens");
      Replies replies = Replies.parse(output);
      assertEquals(FakeProvider.reply(secrets.message()), replies.text, what + "the text the app read, restored");
      assertEquals(List.of(FakeProvider.toolArguments(secrets.message())), replies.toolArguments, what + "the tool-call arguments");
    }
  }
}
