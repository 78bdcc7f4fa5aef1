package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The core promise, client by client: no secret reaches the provider, look-alikes reach it
 * untouched, and the app reads back exactly what it would have read without the agent, streamed
 * or not, in text and in tool-call arguments.
 */
class ProviderTrafficE2ETest {

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

  static Stream<Arguments> rawClients() {
    return Stream.of(
        Arguments.of("jdk-send", CHAT, false),
        Arguments.of("jdk-send", MESSAGES, true),
        Arguments.of("jdk-send-h1", CHAT, true),
        Arguments.of("jdk-string", MESSAGES, false),
        Arguments.of("jdk-async", CHAT, true),
        Arguments.of("jdk-async", MESSAGES, false),
        Arguments.of("jdk-lines", CHAT, true),
        Arguments.of("jdk-lines", MESSAGES, true),
        Arguments.of("jdk-inputstream", MESSAGES, true),
        Arguments.of("jdk-inputstream", CHAT, false),
        Arguments.of("jdk-publisher", CHAT, true),
        Arguments.of("jdk-cancel", MESSAGES, true),
        Arguments.of("urlconnection", CHAT, false),
        Arguments.of("urlconnection", MESSAGES, true),
        Arguments.of("urlconnection-fixed", CHAT, true),
        Arguments.of("okhttp", CHAT, true),
        Arguments.of("okhttp", MESSAGES, false),
        Arguments.of("okhttp-async", MESSAGES, true));
  }

  @ParameterizedTest(name = "{0} {1} stream={2}")
  @MethodSource("rawClients")
  void secretsAreTokenizedOnTheWayOutAndRestoredOnTheWayBack(String client, String path, boolean stream)
      throws Exception {
    TestSecrets secrets = new TestSecrets();
    String message = secrets.message();
    Path request = StandInProviders.requestFile(path, message, stream);

    AppRunner.Result result = AppRunner.app("apps")
        .setting("provider-hosts", provider.hostEntry())
        .run("io.takumo.aegis.apps.HttpCall", client, provider.url(path), request.toString(), "Content-Type: application/json")
        .assertOk();

    assertProviderSawNoSecret(provider, secrets);
    assertFalse(result.stderr.contains("WARNING"), "the JVM warned about the agent:\n" + result.stderr);
    Replies replies = Replies.parse(result.out());
    assertEquals(FakeProvider.reply(message), replies.text, "the text the app read");
    assertEquals(List.of(FakeProvider.toolArguments(message)), replies.toolArguments, "the tool-call arguments the app read");
    if (stream && path.equals(MESSAGES) && !client.equals("jdk-lines")) {
      assertEquals(AnthropicEvents.EXPECTED, replies.eventNames.stream().filter(e -> !e.equals("content_block_delta")).toList(),
          "every event line kept, in order");
    }
  }

  static void assertProviderSawNoSecret(StandInProviders provider, TestSecrets secrets) {
    List<byte[]> received = provider.received(secrets.lookAlikes.get(2));
    assertTrue(received.size() >= 1, "requests the provider received");
    for (byte[] request : received) {
      String body = new String(request, StandardCharsets.UTF_8);
      String leak = secrets.leakIn(body);
      assertNull(leak, "the provider received " + leak);
      for (String lookAlike : secrets.lookAlikes) {
        assertTrue(body.contains(lookAlike.replace("\"", "\\\"")), "look-alike reached the provider unchanged: " + lookAlike);
      }
      assertTrue(body.contains("TKM_"), "the provider received tokens");
    }
  }

  /** The Anthropic stream's event names, deltas aside, as the stand-in sends them. */
  static final class AnthropicEvents {
    static final List<String> EXPECTED = List.of(
        "message_start", "content_block_start", "ping", "content_block_stop",
        "content_block_start", "content_block_stop", "message_delta", "message_stop");
  }
}
