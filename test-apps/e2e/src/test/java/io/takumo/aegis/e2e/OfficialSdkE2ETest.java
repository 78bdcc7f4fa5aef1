package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unmodified apps on the official SDKs (openai-java, anthropic-java; both on OkHttp 4.12):
 * sync, async and streaming, with tool calls. The SDKs parse and accumulate what the agent
 * restored, so this also proves the restored streams are valid for them.
 */
class OfficialSdkE2ETest {

  private static StandInProviders provider;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", "async", "stream"})
  void openAiJava(String mode) throws Exception {
    TestSecrets secrets = new TestSecrets();
    JsonNode out = run("io.takumo.aegis.apps.OpenAiSdkChat", provider.url("/v1"), mode, secrets);

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertEquals(FakeProvider.reply(secrets.message()), out.path("text").asText());
    assertEquals(FakeProvider.toolArguments(secrets.message()), out.path("arguments").path(0).asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat", "async", "stream"})
  void anthropicJava(String mode) throws Exception {
    TestSecrets secrets = new TestSecrets();
    JsonNode out = run("io.takumo.aegis.apps.AnthropicSdkChat", provider.url(""), mode, secrets);

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertEquals(FakeProvider.reply(secrets.message()), out.path("text").asText());
    assertEquals(List.of(secrets.message()), List.of(out.path("inputs").path(0).path("note").asText()));
  }

  private static JsonNode run(String app, String baseUrl, String mode, TestSecrets secrets) throws Exception {
    Path message = StandInProviders.write(secrets.message().getBytes(StandardCharsets.UTF_8));
    AppRunner.Result result = AppRunner.app("apps").setting("provider-hosts", provider.hostEntry())
        .run(app, baseUrl, mode, message.toString()).assertOk();
    return FakeProvider.JSON.readTree(result.out());
  }
}
