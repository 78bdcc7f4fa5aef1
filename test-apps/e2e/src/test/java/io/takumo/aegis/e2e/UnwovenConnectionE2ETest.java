package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code HttpURLConnection} left unwoven: another agent ({@link RetransformRefusingAgent}, before
 * ours) loaded it first and breaks its retransformation, so our agent cannot weave it. The last
 * line under it, the guard on {@code sun.net.www.http.HttpClient.writeRequests}, holds its provider
 * requests to fail-mode: closed, nothing reaches the provider and the app gets the one-line error;
 * open, the request goes out as the app wrote it, with the warning.
 */
class UnwovenConnectionE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String HTTP_CALL = "io.takumo.aegis.apps.HttpCall";
  private static final String JSON_HEADER = "Content-Type: application/json";
  private static final String NOT_WOVEN = "could not instrument sun.net.www.protocol.http.HttpURLConnection";

  private static StandInProviders provider;
  @TempDir static Path tmp;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  private static AppRunner behindTheRefusingAgent() throws Exception {
    AppRunner runner = AppRunner.app("apps").setting("provider-hosts", provider.hostEntry());
    runner.withoutAgent();
    return runner.jvmArg("-javaagent:" + RetransformRefusingAgent.jar(tmp)).jvmArg("-javaagent:" + AppRunner.AGENT_JAR);
  }

  @Test
  void failModeClosedStopsTheRequest() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);

    AppRunner.Result result = behindTheRefusingAgent()
        .run(HTTP_CALL, "urlconnection", provider.url(CHAT), request.toString(), JSON_HEADER);

    assertEquals(3, result.exitCode, result.out() + result.stderr);
    assertTrue(result.out().startsWith("EXCEPTION java.io.IOException: Takumo Aegis blocked a request to 127.0.0.1:"), result.out());
    assertTrue(result.out().contains("HttpURLConnection could not be instrumented"), result.out());
    assertEquals(1, result.out().strip().lines().count(), "one line: " + result.out());
    assertEquals(0, provider.received(secrets.lookAlikes.get(2)).size(), "requests that reached the provider");
    assertEquals(1, countLines(result.stderr, NOT_WOVEN), result.stderr);
    assertNull(secrets.leakIn(result.out() + result.stderr));
  }

  @Test
  void failModeOpenSendsItAsTheAppWroteItWithTheWarning() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);

    AppRunner.Result result = behindTheRefusingAgent().setting("fail-mode", "open")
        .run(HTTP_CALL, "urlconnection", provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();

    assertArrayEquals(Files.readAllBytes(request), provider.received(secrets.lookAlikes.get(2)).get(0));
    assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(result.out()).text, "the app read its reply");
    assertEquals(1, countLines(result.stderr, NOT_WOVEN), result.stderr);
    assertEquals(1, countLines(result.stderr, "WITHOUT protection: HttpURLConnection could not be instrumented"), result.stderr);
    assertNull(secrets.leakIn(result.stderr));
  }

  private static long countLines(String text, String fragment) {
    return text.lines().filter(l -> l.contains(fragment)).count();
  }
}
