package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Netty-based clients: Reactor Netty's {@code HttpClient}, Spring's {@code WebClient} on it
 * (Spring 7 with Reactor Netty 1.3, Spring 6.2 with Reactor Netty 1.2), and Vert.x 4 and 5, each
 * with JSON and SSE responses (text and tool calls). Every app runs with Netty's leak detector at
 * paranoid level, and must not report a leak.
 */
class NettyClientsE2ETest {

  private static final String REACTOR = "io.takumo.aegis.apps.netty.ReactorNettyCall";
  private static final String VERTX = "io.takumo.aegis.apps.vertx.VertxCall";
  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";

  private static StandInProviders provider;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @ParameterizedTest(name = "{0} {2} {3} stream={4}")
  @CsvSource({
    "reactor-netty-app, " + REACTOR + ", netty,         " + CHAT + ",     false",
    "reactor-netty-app, " + REACTOR + ", netty-chunked, " + MESSAGES + ", false",
    "reactor-netty-app, " + REACTOR + ", netty-stream,  " + MESSAGES + ", true",
    "reactor-netty-app, " + REACTOR + ", webclient,     " + MESSAGES + ", false",
    "reactor-netty-app, " + REACTOR + ", webclient-sse, " + CHAT + ",     true",
    "webclient6-app,    " + REACTOR + ", webclient,     " + CHAT + ",     false",
    "webclient6-app,    " + REACTOR + ", webclient-sse, " + MESSAGES + ", true",
    "vertx5-app,        " + VERTX + ",   webclient,     " + CHAT + ",     false",
    "vertx5-app,        " + VERTX + ",   stream,        " + MESSAGES + ", true",
    "vertx5-app,        " + VERTX + ",   chunked,       " + CHAT + ",     true",
    "vertx4-app,        " + VERTX + ",   webclient,     " + MESSAGES + ", false",
    "vertx4-app,        " + VERTX + ",   stream,        " + CHAT + ",     true",
  })
  void secretsAreProtectedAndRestored(String module, String main, String mode, String path, boolean stream)
      throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(path, secrets.message(), stream);

    AppRunner.Result result = app(module).run(main, mode, provider.url(path), request.toString()).assertOk();

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertRepliedWithOriginal(result, secrets);
  }

  /** Reactor Netty over HTTP/2 (h2c, prior knowledge): the handler sits in each stream's pipeline. */
  @Test
  void anHttp2StreamIsProtectedAndRestored() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(MESSAGES, secrets.message(), true);

    AppRunner.Result result = app("reactor-netty-app")
        .run(REACTOR, "netty-h2c", provider.url(MESSAGES), request.toString()).assertOk();

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertTrue(provider.server.getAllServeEvents().stream()
        .anyMatch(e -> e.getRequest().getBodyAsString().contains(secrets.lookAlikes.get(2))
            && e.getRequest().getProtocol().startsWith("HTTP/2")), "the request went over HTTP/2");
    assertRepliedWithOriginal(result, secrets);
  }

  /**
   * Vert.x over HTTP/2 (h2c, prior knowledge): its own HTTP/2 connection handler, no per-stream
   * codec, so the hooks at Netty's HTTP/2 connection encoder, decoder and flow controller serve it.
   */
  @ParameterizedTest(name = "{0} {1} {2} stream={3}")
  @CsvSource({
    "vertx5-app, webclient-h2, " + CHAT + ",     false",
    "vertx5-app, stream-h2,    " + MESSAGES + ", true",
    "vertx4-app, webclient-h2, " + MESSAGES + ", false",
    "vertx4-app, stream-h2,    " + CHAT + ",     true",
  })
  void vertxOverHttp2IsProtectedAndRestored(String module, String mode, String path, boolean stream) throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(path, secrets.message(), stream);

    AppRunner.Result result = app(module).run(VERTX, mode, provider.url(path), request.toString()).assertOk();

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertTrue(provider.server.getAllServeEvents().stream()
        .anyMatch(e -> e.getRequest().getBodyAsString().contains(secrets.lookAlikes.get(2))
            && e.getRequest().getProtocol().startsWith("HTTP/2")), "the request went over HTTP/2");
    assertRepliedWithOriginal(result, secrets);
  }

  /** A stream dropped half-way frees its buffers, and the next call on the same client works. */
  @ParameterizedTest(name = "{0} {2}")
  @CsvSource({
    "reactor-netty-app, " + REACTOR + ", webclient-cancel",
    "vertx5-app,        " + VERTX + ",   cancel",
    "vertx5-app,        " + VERTX + ",   cancel-h2",
  })
  void aStreamCancelledHalfWayLeaksNothingAndTheClientGoesOn(String module, String main, String mode)
      throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(MESSAGES, secrets.message(), true);

    AppRunner.Result result = app(module).run(main, mode, provider.url(MESSAGES), request.toString()).assertOk();

    assertEquals(2, provider.received(secrets.lookAlikes.get(2)).size(), "requests the provider received");
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertRepliedWithOriginal(result, secrets);
  }

  /** Fail-mode closed: a body that is not valid JSON, or one sent only after 100-continue. */
  @ParameterizedTest(name = "{0} {2} {3}")
  @CsvSource({
    "reactor-netty-app, " + REACTOR + ", webclient, truncated, request body is not valid JSON",
    "vertx5-app,        " + VERTX + ",   webclient, truncated, request body is not valid JSON",
    "vertx5-app,        " + VERTX + ",   webclient-h2, truncated, request body is not valid JSON",
    "vertx4-app,        " + VERTX + ",   webclient-h2, truncated, request body is not valid JSON",
    "reactor-netty-app, " + REACTOR + ", netty,     expect,    the request waits for 100-continue",
  })
  void aRequestThatCannotBeProtectedIsNotSent(String module, String main, String mode, String body, String reason)
      throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request;
    String[] headers;
    if (body.equals("truncated")) {
      String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + secrets.openAiKey
          + " " + secrets.lookAlikes.get(2) + "\"}";
      request = StandInProviders.write(json.getBytes(StandardCharsets.UTF_8));
      headers = new String[0];
    } else {
      request = StandInProviders.requestFile(CHAT, secrets.message(), false);
      headers = new String[] {"Expect: 100-continue"};
    }
    String[] args = new String[3 + headers.length];
    args[0] = mode;
    args[1] = provider.url(CHAT);
    args[2] = request.toString();
    System.arraycopy(headers, 0, args, 3, headers.length);

    AppRunner.Result result = app(module).run(main, args);

    assertEquals(3, result.exitCode, result.out() + result.stderr);
    assertTrue(result.out().startsWith("EXCEPTION ")
        && result.out().contains("Takumo Aegis blocked a request to 127.0.0.1: " + reason), result.out());
    assertEquals(0, provider.received(secrets.lookAlikes.get(2)).size(), "requests that reached the provider");
    assertNoLeak(result);
  }

  @Test
  void aHostThatIsNotAProviderIsLeftAlone() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), true);

    AppRunner.Result result = AppRunner.app("reactor-netty-app").jvmArg("-Dio.netty.leakDetection.level=paranoid")
        .run(REACTOR, "netty-chunked", provider.url(CHAT), request.toString()).assertOk();

    byte[] sent = Files.readAllBytes(request);
    List<byte[]> received = provider.received(secrets.lookAlikes.get(2));
    assertEquals(1, received.size());
    assertTrue(Arrays.equals(sent, received.get(0)), "the provider received the body byte for byte");
    assertRepliedWithOriginal(result, secrets);
  }

  private static AppRunner app(String module) {
    return AppRunner.app(module).setting("provider-hosts", provider.hostEntry())
        .jvmArg("-Dio.netty.leakDetection.level=paranoid");
  }

  private static void assertRepliedWithOriginal(AppRunner.Result result, TestSecrets secrets) throws Exception {
    Replies replies = Replies.parse(result.out());
    assertEquals(FakeProvider.reply(secrets.message()), replies.text, "the text the app read");
    assertEquals(List.of(FakeProvider.toolArguments(secrets.message())), replies.toolArguments, "the tool call");
    assertFalse(result.out().contains("TKM_"), "a token reached the app");
    assertFalse(result.stderr.contains("[takumo-aegis] WARN"), "the agent warned:\n" + result.stderr);
    assertNoLeak(result);
  }

  private static void assertNoLeak(AppRunner.Result result) {
    assertFalse(result.stderr.contains("LEAK:"), "Netty reported a leak:\n" + result.stderr);
    assertFalse(new String(result.stdout, StandardCharsets.UTF_8).isEmpty(), "the app wrote nothing");
  }
}
