package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many provider calls at once on virtual threads (JDK 21+; skipped when the apps run on an older
 * JDK): every one protected on the way out and restored on the way back, none lost or mixed up.
 */
class VirtualThreadsE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";
  private static final int CALLS_PER_CLIENT = 8;
  /** The JDK client, HttpURLConnection and OkHttp. */
  private static final int CLIENTS = 3;
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
  void concurrentCallsOnVirtualThreadsAreEachProtectedAndRestored() throws Exception {
    assumeTrue(appFeatureVersion() >= 21, "the apps run on a JDK without virtual threads");
    TestSecrets secrets = new TestSecrets();
    String message = secrets.message();

    AppRunner.Result result = AppRunner.app("apps")
        .setting("provider-hosts", provider.hostEntry())
        .run("io.takumo.aegis.apps.VirtualThreadCalls",
            provider.url(CHAT), StandInProviders.requestFile(CHAT, message, false).toString(),
            provider.url(MESSAGES), StandInProviders.requestFile(MESSAGES, message, true).toString(),
            Integer.toString(CALLS_PER_CLIENT))
        .assertOk();

    String[] replies = result.out().split("(?m)^=== ");
    assertEquals(CLIENTS * CALLS_PER_CLIENT, replies.length - 1, "replies the app printed");
    for (int i = 1; i < replies.length; i++) {
      String reply = replies[i];
      String head = reply.substring(0, reply.indexOf('\n'));
      assertTrue(head.endsWith("virtual=true"), head);
      Replies parsed = Replies.parse(reply.substring(head.length() + 1));
      assertEquals(FakeProvider.reply(message), parsed.text, head + ": the text the app read");
      assertEquals(List.of(FakeProvider.toolArguments(message)), parsed.toolArguments, head + ": tool-call arguments");
    }
    List<byte[]> received = provider.received(secrets.lookAlikes.get(2));
    assertEquals(CLIENTS * CALLS_PER_CLIENT, received.size(), "requests the provider received");
    for (byte[] body : received) {
      String leak = secrets.leakIn(new String(body, java.nio.charset.StandardCharsets.UTF_8));
      assertNull(leak, "the provider received " + leak);
    }
  }

  /** The feature release of the JDK the apps run on, from its {@code release} file. */
  private static int appFeatureVersion() throws IOException {
    Path home = Path.of(AppRunner.javaExecutable()).toAbsolutePath().getParent().getParent();
    Matcher version = Pattern.compile("JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
    return version.find() ? Integer.parseInt(version.group(1)) : 0;
  }
}
