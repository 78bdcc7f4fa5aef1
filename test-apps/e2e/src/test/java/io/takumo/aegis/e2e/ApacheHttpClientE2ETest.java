package io.takumo.aegis.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Apache HttpClient 4 (classic and HttpAsyncClient 4.1) and 5 (classic and async, HTTP/1.1 and
 * HTTP/2), each API against both stand-in providers, JSON and SSE, text and tool calls; a body that
 * cannot be rewritten is not sent; another host's traffic is untouched. One JVM per family: the app
 * makes every call in turn, each with its own secrets, so each call's traffic is told apart.
 */
class ApacheHttpClientE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";
  /** An event stream served slowly: 3 s from its first event to its last. */
  private static final String SLOW = "/v1/slow/chat/completions";
  private static final String SLOW_BODY = slowBody();

  private static StandInProviders provider;
  private static StandInProviders otherHost;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
    otherHost = new StandInProviders();
    provider.server.stubFor(post(urlPathEqualTo(SLOW)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "text/event-stream").withBody(SLOW_BODY).withChunkedDribbleDelay(10, 3000)));
  }

  private static String slowBody() {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i <= 10; i++) {
      s.append("data: {\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"piece ")
          .append(i).append(" \"}}]}\n\n");
    }
    return s.append("data: [DONE]\n\n").toString();
  }

  @AfterAll
  static void stop() {
    provider.close();
    otherHost.close();
  }

  @Test
  void apacheHttpClient5ClassicAndAsync() throws Exception {
    runAll("apache5-app", "io.takumo.aegis.apps.apache5.Apache5Call", List.of(
        Call.protectedCall("classic", CHAT, false),
        Call.protectedCall("classic", MESSAGES, true),
        Call.protectedCall("classic-stream", CHAT, true),
        Call.protectedCall("classic-stream", MESSAGES, false),
        Call.protectedCall("classic-cancel", MESSAGES, true),
        Call.protectedCall("async-simple", CHAT, false),
        Call.protectedCall("async-simple", MESSAGES, true),
        Call.protectedCall("async-chars", CHAT, true),
        Call.protectedCall("async-chars", MESSAGES, true),
        Call.protectedCall("h2-bytes", MESSAGES, true),
        Call.protectedCall("h2-bytes", CHAT, false),
        Call.malformed("classic"),
        Call.malformed("async-simple"),
        Call.toOtherHost("classic-stream"),
        Call.toOtherHost("async-chars"),
        Call.slow("classic-stream"),
        Call.slow("async-chars"),
        Call.slow("async-cancel"),
        Call.slow("h2-bytes")));
  }

  @Test
  void apacheHttpClient4ClassicAndAsync() throws Exception {
    runAll("apache4-app", "io.takumo.aegis.apps.apache4.Apache4Call", List.of(
        Call.protectedCall("classic", CHAT, false),
        Call.protectedCall("classic", MESSAGES, true),
        Call.protectedCall("classic-stream", CHAT, true),
        Call.protectedCall("classic-stream", MESSAGES, false),
        Call.protectedCall("classic-cancel", MESSAGES, true),
        Call.protectedCall("legacy", CHAT, true),
        Call.protectedCall("async", CHAT, false),
        Call.protectedCall("async", MESSAGES, true),
        Call.protectedCall("async-chars", CHAT, true),
        Call.protectedCall("async-chars", MESSAGES, true),
        Call.malformed("classic"),
        Call.malformed("async"),
        Call.toOtherHost("classic-stream"),
        Call.toOtherHost("async-chars"),
        Call.slow("classic-stream"),
        Call.slow("async-chars"),
        Call.slow("async-cancel")));
  }

  /** Makes every call in one run of the app, then checks each call's traffic and output. */
  private static void runAll(String module, String mainClass, List<Call> calls) throws Exception {
    List<String> args = new ArrayList<>();
    for (Call call : calls) {
      args.add(call.mode);
      args.add((call.otherHost ? otherHost : provider).url(call.path));
      args.add(call.request.toString());
    }
    AppRunner.Result result = AppRunner.app(module)
        .setting("provider-hosts", provider.hostEntry())
        .run(mainClass, args.toArray(new String[0]))
        .assertOk();

    List<String> outputs = sections(result.out());
    assertEquals(calls.size(), outputs.size(), result.out());
    for (int i = 0; i < calls.size(); i++) {
      calls.get(i).check(outputs.get(i));
    }
    long blocked = calls.stream().filter(c -> c.malformed).count();
    assertEquals(blocked, result.stderr.lines().filter(l -> l.contains("WARN Takumo Aegis blocked")).count(), result.stderr);
    assertEquals(blocked, result.stderr.lines().filter(l -> l.contains("WARN")).count(), "warnings:\n" + result.stderr);
    assertFalse(result.stderr.contains("WARNING"), "the JVM warned about the agent:\n" + result.stderr);
  }

  /** The output of each call, in order. */
  static List<String> sections(String out) {
    List<String> sections = new ArrayList<>();
    StringBuilder current = null;
    for (String line : out.split("\n", -1)) {
      if (line.startsWith("#### ")) {
        if (current != null) {
          sections.add(current.toString());
        }
        current = new StringBuilder();
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    if (current != null) {
      sections.add(current.toString());
    }
    return sections;
  }

  /** One call the app makes, and what must come of it. */
  private static final class Call {
    final String mode;
    final String path;
    final boolean stream;
    final boolean malformed;
    final boolean otherHost;
    final TestSecrets secrets = new TestSecrets();
    final Path request;

    private Call(String mode, String path, boolean stream, boolean malformed, boolean otherHost) throws Exception {
      this.mode = mode;
      this.path = path;
      this.stream = stream;
      this.malformed = malformed;
      this.otherHost = otherHost;
      this.request = malformed ? StandInProviders.write(truncatedJson(secrets))
          : StandInProviders.requestFile(path, secrets.message(), stream);
    }

    static Call protectedCall(String mode, String path, boolean stream) throws Exception {
      return new Call(mode, path, stream, false, false);
    }

    static Call malformed(String mode) throws Exception {
      return new Call(mode, CHAT, false, true, false);
    }

    static Call toOtherHost(String mode) throws Exception {
      return new Call(mode, MESSAGES, true, false, true);
    }

    /** A call whose reply streams slowly; made after others, so the agent has tokens to look for. */
    static Call slow(String mode) throws Exception {
      return new Call(mode, SLOW, true, false, false);
    }

    void check(String output) throws Exception {
      String what = mode + " " + path + " stream=" + stream + (malformed ? " malformed" : "")
          + (otherHost ? " other host" : "") + ": ";
      String marker = secrets.lookAlikes.get(2);
      if (malformed) {
        assertTrue(output.startsWith("EXCEPTION java.io.IOException: Takumo Aegis blocked a request to 127.0.0.1:"
            + " request body is not valid JSON"), what + output);
        assertEquals(0, provider.received(marker).size(), what + "requests that reached the provider");
        String leak = secrets.leakIn(output);
        assertNull(leak, what + "output holds " + leak);
        return;
      }
      assertFalse(output.startsWith("EXCEPTION"), what + output);
      if (path.equals(SLOW)) {
        checkStreamedAsItCame(what, output);
        return;
      }
      if (otherHost) {
        List<byte[]> received = ApacheHttpClientE2ETest.otherHost.received(marker);
        assertEquals(1, received.size(), what + "requests the other host received");
        assertArrayEquals(Files.readAllBytes(request), received.get(0), what + "what the other host received");
      } else {
        ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
      }
      if (mode.startsWith("h2")) {
        assertEquals(List.of("HTTP/2.0"), protocolsOf(marker), what + "the protocol the provider saw");
      }
      String message = secrets.message();
      Replies replies;
      try {
        replies = Replies.parse(output);
      } catch (java.io.IOException e) {
        throw new AssertionError(what + "the app read a reply that does not parse (" + e.getMessage() + "):\n" + output, e);
      }
      assertEquals(FakeProvider.reply(message), replies.text, what + "the text the app read");
      assertEquals(List.of(FakeProvider.toolArguments(message)), replies.toolArguments, what + "the tool-call arguments");
      if (stream && path.equals(MESSAGES)) {
        assertEquals(ProviderTrafficE2ETest.AnthropicEvents.EXPECTED,
            replies.eventNames.stream().filter(e -> !e.equals("content_block_delta")).toList(),
            what + "every event line kept, in order");
      }
    }

    /** The app read the slow stream exactly, and its first event long before its end. */
    void checkStreamedAsItCame(String what, String output) {
      ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
      assertTrue(output.startsWith(SLOW_BODY + ": first-data-ms="), what + output);
      String[] timing = output.substring(SLOW_BODY.length()).trim().split("[ =]");
      long firstData = Long.parseLong(timing[2]);
      long end = Long.parseLong(timing[4]);
      assertTrue(end - firstData >= 1500, what + "first data at " + firstData + " ms, end at " + end + " ms");
    }

    private static List<String> protocolsOf(String marker) {
      return provider.server.getAllServeEvents().stream()
          .map(e -> e.getRequest())
          .filter(r -> r.getBodyAsString().contains(marker))
          .map(r -> r.getProtocol())
          .toList();
    }

    private static byte[] truncatedJson(TestSecrets secrets) {
      String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + secrets.openAiKey
          + " " + secrets.lookAlikes.get(2) + "\"}";
      return json.getBytes(StandardCharsets.UTF_8);
    }
  }
}
