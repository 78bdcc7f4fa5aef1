package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Spring {@code RestClient} and {@code RestTemplate} over each request factory, Spring 7 and 6.2:
 * JSON and SSE read line by line, against the OpenAI and Anthropic stand-ins. One JVM per Spring
 * version makes every call. The Apache HttpClient 5 and Reactor Netty factories rely on those
 * clients' own instrumentations: their cases are tagged so that they can be left out until then.
 */
class SpringRestClientE2ETest {

  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";

  /** Each API with the provider and response kind it is tried with. */
  private static final List<Object[]> APIS = List.of(
      new Object[] {"restclient", CHAT, false},
      new Object[] {"restclient-stream", MESSAGES, true},
      new Object[] {"resttemplate", MESSAGES, false},
      new Object[] {"resttemplate-stream", CHAT, true});

  private static StandInProviders provider;
  private static final CallBatch spring7 = new CallBatch();
  private static final CallBatch spring62 = new CallBatch();

  @BeforeAll
  static void runTheApps() throws Exception {
    provider = new StandInProviders();
    for (String factory : List.of("jdk", "simple", "jetty", "apache5", "reactor")) {
      addCalls(spring7, factory);
    }
    for (String factory : List.of("jdk", "jetty")) {
      addCalls(spring62, factory);
    }
    spring7.run(AppRunner.app("spring-restclient-app").setting("provider-hosts", provider.hostEntry()), SPRING_CALL);
    spring62.run(AppRunner.app("spring62-restclient-app").setting("provider-hosts", provider.hostEntry()), SPRING_CALL);
  }

  private static final String SPRING_CALL = "io.takumo.aegis.apps.spring.SpringCall";

  private static void addCalls(CallBatch batch, String factory) throws Exception {
    for (Object[] api : APIS) {
      batch.chat(factory + "/" + api[0], factory + "/" + api[0], provider, (String) api[1], (Boolean) api[2]);
    }
  }

  @AfterAll
  static void stop() {
    provider.close();
  }

  static List<String> spring7Calls() {
    return calls("jdk", "simple", "jetty");
  }

  static List<String> spring62Calls() {
    return calls("jdk", "jetty");
  }

  private static List<String> calls(String... factories) {
    List<String> names = new ArrayList<>();
    for (String factory : factories) {
      for (Object[] api : APIS) {
        names.add(factory + "/" + api[0]);
      }
    }
    return names;
  }

  @ParameterizedTest(name = "Spring 7 {0}")
  @MethodSource("spring7Calls")
  void spring7(String name) throws Exception {
    assertProtectedAndRestored(spring7.get(name));
  }

  @ParameterizedTest(name = "Spring 6.2 {0}")
  @MethodSource("spring62Calls")
  void spring62(String name) throws Exception {
    assertProtectedAndRestored(spring62.get(name));
  }

  static List<String> apache5Calls() {
    return calls("apache5");
  }

  @Tag("needs-apache5")
  @ParameterizedTest(name = "Spring 7 {0}")
  @MethodSource("apache5Calls")
  void spring7OverApacheHttpClient5(String name) throws Exception {
    assertProtectedAndRestored(spring7.get(name));
  }

  static List<String> reactorCalls() {
    return calls("reactor");
  }

  @Tag("needs-reactor-netty")
  @ParameterizedTest(name = "Spring 7 {0}")
  @MethodSource("reactorCalls")
  void spring7OverReactorNetty(String name) throws Exception {
    assertProtectedAndRestored(spring7.get(name));
  }

  private static void assertProtectedAndRestored(CallBatch.Call call) throws Exception {
    ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, call.secrets);
    assertEquals(1, provider.received(call.marker()).size(), "requests the provider received");
    Replies replies = Replies.parse(call.response);
    String message = call.secrets.message();
    assertEquals(FakeProvider.reply(message), replies.text, "the text the app read");
    assertEquals(List.of(FakeProvider.toolArguments(message)), replies.toolArguments, "the tool-call arguments the app read");
    if (call.path.equals(MESSAGES) && call.name.endsWith("-stream")) {
      assertEquals(ProviderTrafficE2ETest.AnthropicEvents.EXPECTED,
          replies.eventNames.stream().filter(e -> !e.equals("content_block_delta")).collect(Collectors.toList()),
          "every event line kept, in order");
    }
  }
}
