package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OkHttp 3 and 5 (4 is covered by the SDKs and HttpCall): sync and async, JSON and SSE. */
class OkHttpVersionsE2ETest {

  private static StandInProviders provider;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  @ParameterizedTest(name = "OkHttp {0} {1} {2} stream={3}")
  @CsvSource({
    "3, sync, /v1/chat/completions, true",
    "3, async, /v1/messages, false",
    "5, sync, /v1/messages, true",
    "5, async, /v1/chat/completions, false",
  })
  void secretsAreProtectedOnEveryOkHttpMajorVersion(int version, String mode, String path, boolean stream)
      throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(path, secrets.message(), stream);

    AppRunner.Result result = AppRunner.app("okhttp" + version + "-app")
        .setting("provider-hosts", provider.hostEntry())
        .run("io.takumo.aegis.apps.okhttp.OkHttpCall", mode, provider.url(path), request.toString())
        .assertOk();

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    Replies replies = Replies.parse(result.out());
    assertEquals(FakeProvider.reply(secrets.message()), replies.text);
    assertEquals(List.of(FakeProvider.toolArguments(secrets.message())), replies.toolArguments);
  }
}
