package io.takumo.aegis.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code HttpURLConnection} to an https gateway whose TLS fails in the middle of a session: the
 * handshake and the first routed request succeed, then the gateway ({@link TlsFront}) presents a
 * certificate the app does not trust, or resets the connection during the TLS handshake. The JDK
 * runs that handshake after the socket is open, before the app has written a byte: with
 * gateway-fallback local the same request goes straight to the (https) provider, tokenized, and
 * the app sees no failure; with none it gets the one-line IOException instead of the JDK's
 * SSLHandshakeException. One log line either way, one audit record per request.
 */
class GatewayTlsDropE2ETest {

  private static final String CHAT = "/v1/chat/completions";

  @TempDir
  static Path certificateDir;

  private static TlsFront.Certificates certificates;
  private static StandInProviders provider;
  private static StandInGateway gateway;
  private static TlsFront providerFront;

  @BeforeAll
  static void start() throws Exception {
    certificates = new TlsFront.Certificates(certificateDir);
    provider = new StandInProviders();
    gateway = new StandInGateway();
    // Routed answers close their connection, so the app's next request opens a new one.
    gateway.server.stubFor(post(urlPathMatching("/v1/(?!_takumo/).*")).atPriority(5)
        .willReturn(aResponse().withHeader("Connection", "close").withTransformers(FakeProvider.NAME)));
    providerFront = new TlsFront(provider.port(), certificates, TlsFront.Failure.NONE);
  }

  @AfterAll
  static void stop() throws Exception {
    providerFront.close();
    provider.close();
    gateway.close();
  }

  @BeforeEach
  void reset() {
    provider.server.resetRequests();
    gateway.server.resetRequests();
  }

  private static AppRunner agent(TlsFront gatewayFront, String providerHosts) {
    AppRunner runner = AppRunner.app("apps")
        .setting("provider-hosts", providerHosts)
        .setting("mode", "gateway")
        .env("TAKUMO_GATEWAY_URL", gatewayFront.url("/v1"))
        .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
        .env("TAKUMO_API_KEY", StandInGateway.API_KEY);
    certificates.trustArgs().forEach(runner::jvmArg);
    return runner;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"UNTRUSTED_CERTIFICATE local", "RESET local", "UNTRUSTED_CERTIFICATE none", "RESET none"})
  void afterTheGatewaysTlsFailsTheRequestGoesDirectOrFailsWithTheOneLineIOException(String run, @TempDir Path tmp)
      throws Exception {
    TlsFront.Failure failure = TlsFront.Failure.valueOf(run.split(" ")[0]);
    boolean local = run.endsWith("local");
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    Path audit = tmp.resolve("audit.jsonl");
    try (TlsFront gatewayFront = new TlsFront(gateway.server.port(), certificates, failure)) {
      String gatewayUrl = gatewayFront.url("/v1");
      AppRunner runner = agent(gatewayFront, "127.0.0.1:" + providerFront.port()).setting("audit-file", audit.toString());
      if (local) {
        runner.setting("gateway-fallback", "local");
      }
      int calls = local ? 3 : 2;
      AppRunner.Result result = runner.run("io.takumo.aegis.apps.RepeatedCalls", "urlconnection", providerFront.url(CHAT),
          request.toString(), String.valueOf(calls)).assertOk();

      List<String> replies = GatewayDropE2ETest.responses(result);
      assertEquals(calls, replies.size(), result.out() + result.stderr);
      assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(replies.get(0)).text, "the routed reply, restored");
      assertEquals(1, gateway.routed().size(), "only the first request went through the gateway");
      assertNull(secrets.leakIn(gateway.routed().get(0).getBodyAsString()));

      List<String> log = GatewayDropE2ETest.agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains(gatewayUrl) && log.get(0).contains("TLS handshake failed") && log.get(0).contains("DNS")
          && log.get(0).contains("port 443") && log.get(0).contains("proxy"), log.get(0));
      assertEquals(local, log.get(0).contains("gateway-fallback is local"), log.get(0));
      assertFalse(result.stderr.contains(StandInGateway.API_KEY));
      if (local) {
        for (String reply : replies) {
          assertFalse(reply.startsWith("EXCEPTION"), reply + "\n" + result.stderr);
          assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(reply).text, "every reply, restored");
        }
        assertEquals(2, provider.received(secrets.lookAlikes.get(2)).size(), "the other two went straight to the provider");
        ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
        assertNoRouteHeaderAtTheProvider();
        GatewayDropE2ETest.assertCountedOnce(audit, 3, secrets);
      } else {
        assertTrue(replies.get(1).startsWith("EXCEPTION java.io.IOException: Takumo Aegis did not send a request to 127.0.0.1: "
            + "the Takumo gateway " + gatewayUrl + " is unreachable (TLS handshake failed (SSLHandshakeException)); "
            + "check: the gateway URL"), replies.get(1));
        assertTrue(replies.get(1).contains("DNS") && replies.get(1).contains("port 443") && replies.get(1).contains("proxy"),
            replies.get(1));
        assertFalse(replies.get(1).contains("\n"), "one line");
        assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing went straight to the provider");
        GatewayDropE2ETest.assertCountedOnce(audit, 1, secrets);
      }
    }
  }

  /**
   * An https gateway for a plain-http provider: the JDK's https connection object cannot carry the
   * request to an http URL, so the request whose handshake failed gets the JDK's exception; the
   * agent logs the one line and, with gateway-fallback local, the next request goes direct.
   */
  @Test
  void anHttpProviderBehindAnHttpsGatewayGetsTheJdksExceptionThenGoesDirect() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    try (TlsFront gatewayFront = new TlsFront(gateway.server.port(), certificates, TlsFront.Failure.UNTRUSTED_CERTIFICATE)) {
      AppRunner.Result result = agent(gatewayFront, provider.hostEntry()).setting("gateway-fallback", "local")
          .run("io.takumo.aegis.apps.RepeatedCalls", "urlconnection", provider.url(CHAT), request.toString(), "3").assertOk();

      List<String> replies = GatewayDropE2ETest.responses(result);
      assertEquals(3, replies.size(), result.out() + result.stderr);
      assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(replies.get(0)).text, "the routed reply, restored");
      assertTrue(replies.get(1).startsWith("EXCEPTION javax.net.ssl.SSLHandshakeException"), replies.get(1));
      assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(replies.get(2)).text, "the direct reply, restored");
      assertEquals(1, provider.received(secrets.lookAlikes.get(2)).size(), "the third went straight to the provider");
      ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
      assertNoRouteHeaderAtTheProvider();
      List<String> log = GatewayDropE2ETest.agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).contains("gateway-fallback is local") && log.get(0).contains("TLS handshake failed"), log.get(0));
    }
  }

  private static void assertNoRouteHeaderAtTheProvider() {
    assertTrue(provider.server.getAllServeEvents().stream().noneMatch(e -> e.getRequest().getHeaders().keys().stream()
        .anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("x-takumo"))), "no X-Takumo-* header reaches the provider");
  }
}
