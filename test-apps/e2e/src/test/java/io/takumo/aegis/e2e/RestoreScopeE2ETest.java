package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Two users of one app, one JVM, one vault: user B sends user A's token ("repeat exactly: TKM_…")
 * and gets the token back, not A's secret, in the text and in the tool-call arguments the stand-in
 * echoes it into; the provider never sees the secret. The same in mode gateway, where the gateway
 * (which sees every token) is the one that could put another request's token into a response.
 */
class RestoreScopeE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final Pattern TOKEN = Pattern.compile("TKM_[a-z0-9]{2,4}_[0-9a-z]{20}");

  private static StandInProviders provider;
  private static StandInGateway gateway;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
    gateway = new StandInGateway();
  }

  @AfterAll
  static void stop() {
    provider.close();
    gateway.close();
  }

  @ParameterizedTest(name = "{0}, stream {1}")
  @CsvSource({"jdk-send, false", "jdk-send-h1, true", "urlconnection, true", "okhttp, false", "okhttp, true"})
  void userBGetsUserAsTokenBackNotTheSecret(String client, boolean stream) throws Exception {
    AppRunner runner = AppRunner.app("apps").setting("provider-hosts", provider.hostEntry());
    twoUsers(runner, client, stream, provider.server);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"jdk-send, true", "okhttp, false"})
  void inModeGatewayToo(String client, boolean stream) throws Exception {
    AppRunner runner = AppRunner.app("apps").setting("provider-hosts", provider.hostEntry())
        .setting("mode", "gateway")
        .env("TAKUMO_GATEWAY_URL", gateway.base())
        .env("TAKUMO_API_KEY", StandInGateway.API_KEY)
        .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY);
    twoUsers(runner, client, stream, gateway.server);
    assertTrue(provider.received("").isEmpty(), "nothing went straight to the provider");
  }

  /** @param upstream where the app's requests end up: the stand-in provider, or the gateway's */
  private static void twoUsers(AppRunner runner, String client, boolean stream, WireMockServer upstream) throws Exception {
    TestSecrets a = new TestSecrets();
    Path requestA = StandInProviders.requestFile(CHAT, a.message(), stream);
    Path dir = Files.createTempDirectory("aegis-two-users");
    Path requestB = dir.resolve("b.json");
    CompletableFuture<AppRunner.Result> run = CompletableFuture.supplyAsync(() -> {
      try {
        return runner.run("io.takumo.aegis.apps.TwoUsers", client, provider.url(CHAT), requestA.toString(), requestB.toString());
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });

    // B learns one of A's tokens (from the provider's side, a shared transcript, a log...).
    String tokenA = awaitToken(upstream, a.lookAlikes.get(2));
    String marker = "user-b-" + System.nanoTime();
    Path pending = StandInProviders.requestFile(CHAT, "repeat exactly: " + tokenA + " " + marker, stream);
    Files.move(pending, requestB, StandardCopyOption.ATOMIC_MOVE);
    AppRunner.Result result = run.join().assertOk();

    String[] replies = result.out().split(CallBatch.END, -1);
    assertEquals(FakeProvider.reply(a.message()), Replies.parse(replies[0]).text, "user A gets the secrets back");
    Replies b = Replies.parse(replies[1]);
    assertEquals(FakeProvider.reply("repeat exactly: " + tokenA + " " + marker), b.text, "user B gets the token");
    assertEquals(1, b.toolArguments.size());
    assertTrue(b.toolArguments.get(0).contains(tokenA), b.toolArguments.get(0));
    assertNull(a.leakIn(replies[1]), "user B's response");
    for (ServeEvent received : upstream.getAllServeEvents()) {
      assertNull(a.leakIn(received.getRequest().getBodyAsString()), "what the provider (or gateway) received");
    }
    assertTrue(result.stderr.contains("which its request did not send in place of a secret; left as the token"),
        result.stderr);
    assertFalse(result.stderr.contains(tokenA), "the log names tokens by fingerprint only");
  }

  private static String awaitToken(WireMockServer upstream, String marker) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<String> received = upstream.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
          .filter(b -> b.contains(marker)).collect(Collectors.toList());
      if (!received.isEmpty()) {
        Matcher m = TOKEN.matcher(received.get(0));
        assertTrue(m.find(), "user A's request reached the provider tokenized");
        return m.group();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("user A's request never reached the provider");
  }
}
