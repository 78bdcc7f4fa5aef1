package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The engine's protection through the real server: a base-URL client's secret reaches the stand-in
 * provider as a token (never the value, never a Takumo header or key), and the provider's reply
 * quoting that token, in text and in a tool call, JSON or SSE, reaches the client exactly as sent
 * but with the secret back, for OpenAI chat and Responses, Anthropic messages and Gemini.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtectionEndToEndTest {
  /** A GitHub token with a valid checksum: the built-in rules find it. */
  static final String SECRET = "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";
  private static final String PROVIDER_KEY = "sk-proj-standinproviderkey0123456789abcdef";
  private static final Pattern TOKEN = Pattern.compile("TKM_[a-z0-9]{2,4}_[0-9a-z]{20}");

  private StandInProvider provider;
  private ServerProcess server;
  private String key;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    provider = new StandInProvider();
    String base = provider.baseUrl();
    server = ServerProcess.start(dir, "--openai-base-url", base, "--anthropic-base-url", base, "--gemini-base-url", base,
        "--allow-private-upstreams");
    assertEquals(0, server.adminHere("plans", "create", "team", "--providers", "openai,anthropic,gemini").exitCode());
    assertEquals(0, server.adminHere("orgs", "create", "acme", "--plan", "team").exitCode());
    key = server.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:chat", "--name", "ci").lastLine();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  @ParameterizedTest(name = "{0} stream={1}")
  @CsvSource(delimiter = '|', value = {
      "/v1/chat/completions | false | {\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"$M\"}]}",
      "/v1/chat/completions | true | {\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"$M\"}]}",
      "/v1/responses | false | {\"model\":\"gpt-4o\",\"input\":\"$M\"}",
      "/v1/responses | true | {\"model\":\"gpt-4o\",\"stream\":true,\"input\":\"$M\"}",
      "/v1/messages | false | {\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"$M\"}]}",
      "/v1/messages | true | {\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"$M\"}]}",
      "/v1beta/models/gemini-2.5-flash:generateContent | false | {\"contents\":[{\"parts\":[{\"text\":\"$M\"}]}]}",
      "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse | true | {\"contents\":[{\"parts\":[{\"text\":\"$M\"}]}]}",
  })
  void theProviderSeesATokenAndTheClientGetsTheSecretBack(String path, boolean stream, String template) throws Exception {
    String body = template.replace("$M", EchoReplies.MARKER + ": deploy with " + SECRET);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.gatewayUrl + path))
        .header("Content-Type", "application/json").header("X-Takumo-Api-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (path.startsWith("/v1/messages")) {
      request.header("anthropic-version", "2023-06-01").header("x-api-key", PROVIDER_KEY);
    } else {
      request.header("Authorization", "Bearer " + PROVIDER_KEY);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    StandInProvider.Received received = provider.received.get(provider.received.size() - 1);
    assertFalse(received.body().contains(SECRET), "the provider never sees the secret");
    Matcher token = TOKEN.matcher(received.body());
    assertTrue(token.find(), "the provider got a token in its place");
    assertEquals(body.replace(SECRET, token.group()), received.body(), "nothing else changed");
    assertEquals(List.of(Integer.toString(received.body().length())), received.headers().get("Content-Length"),
        "Content-Length is the new body's");
    assertNoTakumoTrace(received);

    assertEquals(200, response.statusCode(), response.body());
    String expected = EchoReplies.reply(path, stream).replace("{T}", SECRET);
    assertEquals(expected, response.body(), "the client gets the reply exactly, with its secret restored");
    assertEquals(stream ? "text/event-stream" : "application/json", response.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void aBodyTheGatewayCannotProtectIsRefusedAndNotForwarded() throws Exception {
    int before = provider.received.size();
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.gatewayUrl + "/v1/chat/completions"))
        .header("Content-Type", "multipart/form-data; boundary=x").header("X-Takumo-Api-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString("--x\r\nContent-Disposition: form-data; name=a\r\n\r\n" + SECRET + "\r\n--x--\r\n"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(415, response.statusCode(), response.body());
    assertEquals("unsupported_body", response.headers().firstValue("X-Takumo-Error").orElseThrow());
    assertEquals(before, provider.received.size(), "nothing reached the provider");

    HttpResponse<String> broken = http.send(HttpRequest.newBuilder(URI.create(server.gatewayUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json").header("X-Takumo-Api-Key", key)
        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[\"" + SECRET)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(400, broken.statusCode(), broken.body());
    assertEquals("invalid_body", broken.headers().firstValue("X-Takumo-Error").orElseThrow());
    assertFalse(broken.body().contains(SECRET));
    assertEquals(before, provider.received.size(), "nothing reached the provider");
    assertFalse(server.stdout().contains(SECRET) || server.stderr().contains(SECRET), "no log holds the secret");
  }

  @Test
  void aClientThatLeavesWhileItsBodyIsReadEndsItsRequest() throws Exception {
    URI gateway = URI.create(server.gatewayUrl);
    try (java.net.Socket socket = new java.net.Socket(gateway.getHost(), gateway.getPort())) {
      String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "X-Takumo-Api-Key: " + key + "\r\nContent-Length: 100000\r\n\r\n{\"messages\":[\"";
      socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      Thread.sleep(500);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    String inFlight = "";
    while (System.nanoTime() < deadline) {
      String metrics = http.send(HttpRequest.newBuilder(URI.create(server.adminUrl + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      inFlight = metrics.lines().filter(l -> l.startsWith("takumo_gateway_in_flight_requests ")).findFirst().orElseThrow();
      if (inFlight.endsWith(" 0.0")) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals("takumo_gateway_in_flight_requests 0.0", inFlight, "the request ended when its client left");
  }

  private void assertNoTakumoTrace(StandInProvider.Received received) {
    for (Map.Entry<String, List<String>> header : received.headers().entrySet()) {
      assertFalse(header.getKey().toLowerCase().startsWith("x-takumo"), header.getKey());
      for (String value : header.getValue()) {
        assertFalse(value.contains(key), "the Takumo key never reaches the provider");
      }
    }
    assertFalse(received.body().contains(key));
    assertFalse(received.uri().contains(key));
  }
}
