package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Unmodified apps on the LLM frameworks and SDKs beyond the official OpenAI/Anthropic ones: the
 * Google Gen AI Java SDK (OkHttp), LangChain4j (its JDK {@code HttpClient} module), Spring AI 1.1
 * (RestClient for calls, WebClient for streams) and Spring AI 2 (the official SDKs over OkHttp). Each app makes all its calls (sync, async,
 * streaming; every reply carries a tool call) in one JVM; each call sends a message full of
 * secrets and look-alikes, and the SDK's own parsing and accumulation must yield exactly the
 * original.
 */
class LlmSdkE2ETest {

  private static StandInProviders provider;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @Test
  void googleGenAiOnOkHttp() throws Exception {
    TestSecrets secrets = new TestSecrets();
    JsonNode out = run("genai-app", "io.takumo.aegis.apps.genai.GenAiChat", provider.url(""), secrets,
        "chat", "async", "stream", "async-stream");

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertEquals(4, provider.received(secrets.lookAlikes.get(2)).size(), "one request per call");
    assertRepliesAreTheOriginal(out, secrets, "chat", "async", "stream", "async-stream");
    for (LoggedRequest request : requests(secrets)) {
      assertEquals("test-key-for-the-stand-in", request.getHeader("x-goog-api-key"));
      assertTrue(request.getUrl().endsWith("/models/gemini-2.0-flash:generateContent")
          || request.getUrl().endsWith("/models/gemini-2.0-flash:streamGenerateContent?alt=sse"), request.getUrl());
    }
    assertEquals(1, out.at("/chat/chunks").asInt());
    assertTrue(out.at("/stream/chunks").asInt() > 10, "the stream came in many chunks");
  }

  @Test
  void langChain4jOnItsJdkHttpClient() throws Exception {
    TestSecrets secrets = new TestSecrets();
    JsonNode out = run("langchain4j-app", "io.takumo.aegis.apps.langchain4j.LangChain4jChat", provider.url(""), secrets,
        "openai", "openai-stream", "anthropic", "anthropic-stream");

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertEquals(4, provider.received(secrets.lookAlikes.get(2)).size(), "one request per call");
    assertRepliesAreTheOriginal(out, secrets, "openai", "openai-stream", "anthropic", "anthropic-stream");
  }

  @Test
  void springAiOnTheJdkHttpClient() throws Exception {
    springAi("jdk");
  }

  /**
   * Spring's default transport when Reactor Netty is on the class path, as with Boot's WebFlux
   * starter.
   */
  @Test
  void springAiOnReactorNetty() throws Exception {
    springAi("default");
  }

  private static void springAi(String transport) throws Exception {
    TestSecrets secrets = new TestSecrets();
    JsonNode out = run("spring-ai-app", "io.takumo.aegis.apps.springai.SpringAiChat", provider.url(""), secrets,
        transport, "openai-call", "openai-stream", "anthropic-call", "anthropic-stream");

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertEquals(4, provider.received(secrets.lookAlikes.get(2)).size(), "one request per call");
    assertRepliesAreTheOriginal(out, secrets, "openai-call", "openai-stream", "anthropic-call", "anthropic-stream");
  }

  @Test
  void springAi2OnItsOkHttpClients() throws Exception {
    TestSecrets secrets = new TestSecrets();
    JsonNode out = run("spring-ai2-app", "io.takumo.aegis.apps.springai2.SpringAi2Chat", provider.url(""), secrets,
        "openai-call", "openai-stream", "anthropic-call", "anthropic-stream");

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertEquals(4, provider.received(secrets.lookAlikes.get(2)).size(), "one request per call");
    assertRepliesAreTheOriginal(out, secrets, "openai-call", "openai-stream", "anthropic-call", "anthropic-stream");
  }

  /** Each mode's text is the stand-in's reply and its one tool call carries the message, exactly. */
  private static void assertRepliesAreTheOriginal(JsonNode out, TestSecrets secrets, String... modes) throws Exception {
    String message = secrets.message();
    JsonNode expectedArguments = FakeProvider.JSON.readTree(FakeProvider.toolArguments(message));
    for (String mode : modes) {
      JsonNode reply = out.path(mode);
      assertEquals(FakeProvider.reply(message), reply.path("text").asText(), mode + ": the text the app got");
      assertEquals(1, reply.path("arguments").size(), mode + ": tool calls the app got");
      assertEquals(expectedArguments, FakeProvider.JSON.readTree(reply.path("arguments").path(0).asText()),
          mode + ": the tool-call arguments the app got");
    }
  }

  private static List<LoggedRequest> requests(TestSecrets secrets) {
    return provider.server.getAllServeEvents().stream().map(e -> e.getRequest())
        .filter(r -> r.getBodyAsString().contains(secrets.lookAlikes.get(2))).collect(Collectors.toList());
  }

  private static JsonNode run(String module, String app, String baseUrl, TestSecrets secrets, String... args)
      throws Exception {
    Path message = StandInProviders.write(secrets.message().getBytes(StandardCharsets.UTF_8));
    String[] all = new String[args.length + 2];
    all[0] = baseUrl;
    all[1] = message.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    AppRunner.Result result = AppRunner.app(module).setting("provider-hosts", provider.hostEntry()).run(app, all).assertOk();
    String out = result.out();
    return FakeProvider.JSON.readTree(out.substring(out.lastIndexOf("\n{") + 1));
  }
}
