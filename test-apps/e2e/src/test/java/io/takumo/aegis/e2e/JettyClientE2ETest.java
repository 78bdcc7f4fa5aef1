package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jetty {@code HttpClient} 12 under the agent: {@code send()}, {@code send(Response.Listener)} and
 * {@code InputStreamResponseListener} with a body written after {@code send}, against the OpenAI
 * and Anthropic stand-ins, JSON and SSE (text and tool calls in each). The stand-ins gzip their
 * replies (Jetty asks for gzip), so Jetty decodes them; the {@code length} mode checks that the
 * {@code Content-Length} Jetty shows after decoding is not the tokenized body's. A few of the
 * calls go over HTTP/2 (h2c). All calls run in one JVM.
 */
class JettyClientE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";
  private static final List<String> MODES = List.of("sync", "async", "stream", "length");

  private static StandInProviders provider;
  private static StandInProviders otherHost;
  private static final CallBatch batch = new CallBatch();
  private static final List<String> chats = new ArrayList<>();

  @BeforeAll
  static void runTheApp() throws Exception {
    provider = new StandInProviders();
    otherHost = new StandInProviders();
    for (String mode : MODES) {
      for (String path : List.of(CHAT, MESSAGES)) {
        for (boolean stream : List.of(false, true)) {
          String name = mode + " " + path + (stream ? " stream" : "");
          batch.chat(name, mode, provider, path, stream);
          chats.add(name);
        }
      }
    }
    // HTTP/2 in clear text (prior knowledge) on a second client: the same hooks, fewer cases.
    for (Object[] h2c : List.of(
        new Object[] {"h2c-sync", CHAT, false},
        new Object[] {"h2c-sync", MESSAGES, true},
        new Object[] {"h2c-stream", CHAT, true},
        new Object[] {"h2c-length", MESSAGES, false})) {
      String name = h2c[0] + " " + h2c[1] + ((Boolean) h2c[2] ? " stream" : "");
      batch.chat(name, (String) h2c[0], provider, (String) h2c[1], (Boolean) h2c[2]);
      chats.add(name);
    }
    batch.raw("blocked sync", "sync", provider, CHAT, JettyClientE2ETest::truncatedJson);
    batch.raw("blocked stream", "stream", provider, CHAT, JettyClientE2ETest::truncatedJson);
    batch.chat("cancel", "cancel", provider, MESSAGES, true);
    batch.chat("other host sync", "sync", otherHost, CHAT, true);
    batch.chat("other host stream", "stream", otherHost, MESSAGES, true);
    batch.run(AppRunner.app("jetty-app").setting("provider-hosts", provider.hostEntry()),
        "io.takumo.aegis.apps.jetty.JettyCall");
  }

  @AfterAll
  static void stop() {
    provider.close();
    otherHost.close();
  }

  static List<String> chats() {
    return chats;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("chats")
  void secretsAreTokenizedOnTheWayOutAndRestoredOnTheWayBack(String name) throws Exception {
    CallBatch.Call call = batch.get(name);
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, call.secrets);
    assertEquals(1, provider.received(call.marker()).size(), "requests the provider received");
    LoggedRequest sent = request(provider, call.marker());
    assertEquals(String.valueOf(sent.getBody().length), sent.getHeader("Content-Length"),
        "the protected body went out with its own length");
    assertEquals(name.startsWith("h2c-"), sent.getProtocol().startsWith("HTTP/2"),
        "the request went out over " + sent.getProtocol());

    assertFalse(call.response.startsWith("EXCEPTION "), call.response);
    Replies replies = Replies.parse(call.response);
    String message = call.secrets.message();
    assertEquals(FakeProvider.reply(message), replies.text, "the text the app read");
    assertEquals(List.of(FakeProvider.toolArguments(message)), replies.toolArguments, "the tool-call arguments the app read");
    if (name.endsWith(MESSAGES + " stream")) {
      assertEquals(ProviderTrafficE2ETest.AnthropicEvents.EXPECTED,
          replies.eventNames.stream().filter(e -> !e.equals("content_block_delta")).collect(Collectors.toList()),
          "every event line kept, in order");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocked")
  void aBodyTheAgentCannotReadIsNotSentWhenFailModeIsClosed(String name) {
    CallBatch.Call call = batch.get(name);
    assertTrue(call.response.startsWith("EXCEPTION ")
        && call.response.contains("Takumo Aegis blocked a request to 127.0.0.1: request body is not valid JSON"),
        call.response);
    assertEquals(0, provider.received(call.marker()).size(), "requests that reached the provider");
    assertFalse(call.response.contains(call.secrets.openAiKey), "the secret in the app's exception");
    assertFalse(batch.result.stderr.contains(call.secrets.openAiKey), "the secret in the agent's log");
  }

  static List<String> blocked() {
    return List.of("blocked sync", "blocked stream");
  }

  @Test
  void eachBlockedRequestIsLoggedOnce() {
    assertEquals(2, batch.result.stderr.lines().filter(l -> l.contains("WARN Takumo Aegis blocked")).count(),
        batch.result.stderr);
    assertFalse(batch.result.stderr.contains("hook failed"), batch.result.stderr);
    assertFalse(batch.result.stderr.contains("WARNING"), "the JVM warned about the agent:\n" + batch.result.stderr);
  }

  @Test
  void aStreamClosedHalfWayLeavesTheClientWorking() throws Exception {
    CallBatch.Call call = batch.get("cancel");
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, call.secrets);
    assertEquals(2, provider.received(call.marker()).size(), "the cancelled request and the one after it");
    Replies replies = Replies.parse(call.response);
    assertEquals(FakeProvider.reply(call.secrets.message()), replies.text, "the text the app read the second time");
    assertEquals(List.of(FakeProvider.toolArguments(call.secrets.message())), replies.toolArguments);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherHostCalls")
  void trafficToOtherHostsIsUntouched(String name) throws Exception {
    CallBatch.Call call = batch.get(name);
    assertArrayEquals(Files.readAllBytes(call.requestFile), otherHost.received(call.marker()).get(0));
    Replies replies = Replies.parse(call.response);
    assertEquals(FakeProvider.reply(call.secrets.message()), replies.text);
  }

  static List<String> otherHostCalls() {
    return List.of("other host sync", "other host stream");
  }

  private static LoggedRequest request(StandInProviders server, String marker) {
    return server.server.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .filter(r -> new String(r.getBody(), StandardCharsets.UTF_8).contains(marker))
        .findFirst().orElseThrow();
  }

  static byte[] truncatedJson(TestSecrets secrets) {
    String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + secrets.openAiKey
        + " " + secrets.lookAlikes.get(2) + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}
