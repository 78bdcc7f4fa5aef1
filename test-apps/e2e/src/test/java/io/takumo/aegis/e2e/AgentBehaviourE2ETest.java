package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the agent does around the core promise: switched off, other hosts, bad input, big input. */
class AgentBehaviourE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String HTTP_CALL = "io.takumo.aegis.apps.HttpCall";
  private static final String JSON_HEADER = "Content-Type: application/json";

  private static StandInProviders provider;
  private static StandInProviders otherHost;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
    otherHost = new StandInProviders();
  }

  @AfterAll
  static void stop() {
    provider.close();
    otherHost.close();
  }

  private static AppRunner httpCall() {
    return AppRunner.app("apps").setting("provider-hosts", provider.hostEntry());
  }

  @Test
  void aDisabledAgentLoadsNothingAndChangesNoByte(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);
    Path classLog = tmp.resolve("classes.log");

    AppRunner.Result without = AppRunner.app("apps").withoutAgent()
        .run(HTTP_CALL, "jdk-send-h1", provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();
    AppRunner.Result disabled = httpCall().env("TAKUMO_AEGIS_ENABLED", "false").setting("log-level", "debug")
        .jvmArg("-Xlog:class+load:file=" + classLog)
        .run(HTTP_CALL, "jdk-send-h1", provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();

    List<byte[]> received = provider.received(secrets.lookAlikes.get(2));
    assertEquals(2, received.size());
    assertArrayEquals(Files.readAllBytes(request), received.get(0));
    assertArrayEquals(received.get(0), received.get(1), "what the provider received");
    assertArrayEquals(without.stdout, disabled.stdout, "what the app read");
    assertFalse(disabled.stderr.contains("[takumo-aegis]"), disabled.stderr);
    List<String> agentClasses = Files.readAllLines(classLog).stream()
        .filter(line -> line.contains(" io.takumo.aegis.") && !line.contains(" io.takumo.aegis.launcher.") && !line.contains(" io.takumo.aegis.apps."))
        .collect(Collectors.toList());
    assertEquals(List.of(), agentClasses, "agent classes loaded while disabled");
  }

  @Test
  void trafficToOtherHostsIsUntouched() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), true);

    AppRunner.Result result = httpCall()
        .run(HTTP_CALL, "jdk-send-h1", otherHost.url(CHAT), request.toString(), JSON_HEADER).assertOk();

    List<byte[]> received = otherHost.received(secrets.lookAlikes.get(2));
    assertArrayEquals(Files.readAllBytes(request), received.get(0));
    assertEquals(FakeProvider.reply(secrets.message()), Replies.parse(result.out()).text);
  }

  @Test
  void malformedJsonIsNotSentWhenFailModeIsClosed() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.write(truncatedJson(secrets));

    AppRunner.Result result = httpCall()
        .run(HTTP_CALL, "jdk-send-h1", provider.url(CHAT), request.toString(), JSON_HEADER);

    assertEquals(3, result.exitCode, result.out());
    assertTrue(result.out().startsWith("EXCEPTION java.io.IOException: Takumo Aegis blocked a request to 127.0.0.1:"
        + " request body is not valid JSON"), result.out());
    assertEquals(0, provider.received(secrets.lookAlikes.get(2)).size(), "requests that reached the provider");
    assertNoSecretIn(result.out() + result.stderr, secrets);
    assertEquals(1, countLines(result.stderr, "WARN Takumo Aegis blocked"), result.stderr);
  }

  @Test
  void malformedJsonIsSentUnchangedWithOneWarningWhenFailModeIsOpen() throws Exception {
    TestSecrets secrets = new TestSecrets();
    byte[] body = truncatedJson(secrets);

    AppRunner.Result result = httpCall().setting("fail-mode", "open")
        .run(HTTP_CALL, "jdk-send-h1", provider.url(CHAT), StandInProviders.write(body).toString(), JSON_HEADER)
        .assertOk();

    assertArrayEquals(body, provider.received(secrets.lookAlikes.get(2)).get(0));
    assertEquals(1, countLines(result.stderr, "WITHOUT protection: request body is not valid JSON"), result.stderr);
    assertNoSecretIn(result.stderr, secrets);
  }

  @Test
  void aFiveMegabyteBodyIsProtectedUnderTheDefaultLimit() throws Exception {
    TestSecrets secrets = new TestSecrets();
    String message = bigMessage(secrets);
    Path request = StandInProviders.requestFile(CHAT, message, false);

    AppRunner.Result result = httpCall()
        .run(HTTP_CALL, "jdk-send-h1", provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();

    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    assertEquals(FakeProvider.reply(message), Replies.parse(result.out()).text);
  }

  @Test
  void aBodyOverMaxBodySizeFollowsTheFailMode() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, bigMessage(secrets), false);

    AppRunner.Result result = httpCall().setting("max-body-size", "1MB")
        .run(HTTP_CALL, "jdk-string", provider.url(CHAT), request.toString(), JSON_HEADER);

    assertEquals(3, result.exitCode, result.out());
    assertTrue(result.out().contains("request body is over max-body-size (1048576 bytes)"), result.out());
    assertEquals(0, provider.received(secrets.lookAlikes.get(2)).size());
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"jdk-send-h1", "jdk-inputstream", "urlconnection", "okhttp"})
  void aJsonReplyOverMaxBodySizeReachesTheAppIntactWithItsTokens(String client) throws Exception {
    TestSecrets secrets = new TestSecrets();
    // The request (one copy of the message) fits in 64 KB; the reply (two copies) does not.
    String filler = " The quick brown fox jumps over the lazy dog while the build runs.";
    String message = secrets.message() + filler.repeat(40 * 1024 / filler.length());
    Path request = StandInProviders.requestFile(CHAT, message, false);

    AppRunner.Result result = httpCall().setting("max-body-size", "64KB")
        .run(HTTP_CALL, client, provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();

    List<byte[]> received = provider.received(secrets.lookAlikes.get(2));
    String sent = FakeProvider.JSON.readTree(received.get(received.size() - 1))
        .path("messages").get(0).path("content").asText();
    assertTrue(sent.contains("TKM_"), "the request was tokenized");
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
    Replies replies = Replies.parse(result.out());
    assertEquals(FakeProvider.reply(sent), replies.text, "the reply as the provider sent it, tokens and all");
    assertEquals(List.of(FakeProvider.toolArguments(sent)), replies.toolArguments);
    assertNoSecretIn(result.out() + result.stderr, secrets);
    assertEquals(1, countLines(result.stderr, "WARN a response from 127.0.0.1: more than max-body-size"
        + " (65536 bytes) to hold for restoring; passed through as it came, tokens in it not restored"), result.stderr);
  }

  @Test
  void anAppWithItsOwnOlderJacksonRunsUnchanged() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path message = StandInProviders.write(secrets.message().getBytes(StandardCharsets.UTF_8));

    AppRunner.Result result = AppRunner.app("jackson-app").setting("provider-hosts", provider.hostEntry())
        .run("io.takumo.aegis.apps.jackson.JacksonChat", provider.url(CHAT), message.toString()).assertOk();

    String[] lines = result.out().split("\n");
    assertEquals("jackson 2.17.2", lines[0]);
    assertEquals(FakeProvider.reply(secrets.message()), FakeProvider.JSON.readValue(lines[1], String.class));
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
  }

  @Test
  void theAppStillChoosesItsOwnLogManager() throws Exception {
    TestSecrets secrets = new TestSecrets();
    Path request = StandInProviders.requestFile(CHAT, secrets.message(), false);

    AppRunner.Result result = httpCall().run("io.takumo.aegis.apps.LogManagerApp", "1000",
        "jdk-send-h1", provider.url(CHAT), request.toString(), JSON_HEADER).assertOk();

    assertTrue(result.out().startsWith("io.takumo.aegis.apps.LogManagerApp$AppLogManager\n"), result.out());
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, secrets);
  }

  @Test
  void jdkToolsStartedThroughJavaToolOptionsAreLeftAlone() throws Exception {
    String options = "-javaagent:" + AppRunner.AGENT_JAR + " -Dtakumo.aegis.log-level=debug";
    Path jps = Path.of(AppRunner.javaExecutable()).resolveSibling("jps");
    ProcessBuilder tool = new ProcessBuilder(jps.toString(), "-q");
    tool.environment().put("JAVA_TOOL_OPTIONS", options);
    tool.redirectErrorStream(true);
    Process process = tool.start();
    String toolOutput = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();

    assertTrue(toolOutput.contains("Picked up JAVA_TOOL_OPTIONS"), toolOutput);
    assertFalse(toolOutput.contains("[takumo-aegis]"), toolOutput);

    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    AppRunner.Result app = AppRunner.app("apps").withoutAgent().env("JAVA_TOOL_OPTIONS", options)
        .run(HTTP_CALL, "jdk-send-h1", otherHost.url(CHAT), request.toString(), JSON_HEADER).assertOk();
    assertTrue(app.stderr.contains("Takumo Aegis active"), app.stderr);
  }

  private static byte[] truncatedJson(TestSecrets secrets) {
    String json = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + secrets.openAiKey
        + " " + secrets.lookAlikes.get(2) + "\"}";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /** About 5 MB of ordinary text with the secrets at both ends and in the middle. */
  private static String bigMessage(TestSecrets secrets) {
    String filler = "The quick brown fox jumps over the lazy dog while the build runs. ";
    StringBuilder s = new StringBuilder(secrets.message()).append('\n');
    while (s.length() < 5 * 1024 * 1024) {
      if (s.length() > 2_500_000 && s.length() < 2_500_000 + filler.length()) {
        s.append(secrets.message());
      }
      s.append(filler);
    }
    return s.append('\n').append(secrets.message()).toString();
  }

  private static void assertNoSecretIn(String text, TestSecrets secrets) {
    String leak = secrets.leakIn(text);
    assertNull(leak, "output holds " + leak);
  }

  private static long countLines(String text, String fragment) {
    return text.lines().filter(l -> l.contains(fragment)).count();
  }
}
