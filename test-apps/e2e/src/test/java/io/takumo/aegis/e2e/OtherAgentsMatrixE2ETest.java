package io.takumo.aegis.e2e;

import static io.takumo.aegis.e2e.Coexistence.CHAT;
import static io.takumo.aegis.e2e.Coexistence.MESSAGES;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client path of the end-to-end apps beside OpenTelemetry's and Datadog's agents, in every
 * placement (both orders, command line and {@code JAVA_TOOL_OPTIONS}), each run
 * {@code aegis.other-agents.repeat} times (default 1) to catch start-up races; with
 * {@code aegis.other-agents.only}, a regular expression, only the cases whose
 * {@code AGENT, PLACEMENT: scenario} it finds. Left out of the
 * default run for its cost (a few hundred JVMs with two agents each): {@code bin/test-other-agents}
 * runs it.
 */
@Tag("other-agents-matrix")
class OtherAgentsMatrixE2ETest {

  static Stream<Arguments> cases() {
    int repeat = Integer.getInteger("aegis.other-agents.repeat", 1);
    // A part of the matrix: the cases whose "AGENT, PLACEMENT: scenario" this pattern finds
    // (e.g. "Apache", or "OPENTELEMETRY.*AEGIS_FIRST_ON_COMMAND_LINE.*Jetty").
    Pattern only = Pattern.compile(System.getProperty("aegis.other-agents.only", ""));
    List<Arguments> cases = new ArrayList<>();
    for (OtherAgent other : OtherAgent.values()) {
      for (AgentPlacement placement : AgentPlacement.values()) {
        for (Coexistence.Scenario scenario : scenarios()) {
          if (!only.matcher(other + ", " + placement + ": " + scenario).find()) {
            continue;
          }
          for (int run = 1; run <= repeat; run++) {
            cases.add(Arguments.of(other, placement, scenario, run));
          }
        }
      }
    }
    return cases.stream();
  }

  static List<Coexistence.Scenario> scenarios() {
    return List.of(
        new Coexistence.Scenario("JDK clients and OkHttp", "apps", "io.takumo.aegis.apps.ClientCalls", true)
            .call("urlconnection", CHAT, false)
            .call("urlconnection", MESSAGES, true)
            .call("urlconnection-fixed", CHAT, true)
            .call("jdk-send", CHAT, false)
            .call("jdk-send-h1", MESSAGES, true)
            .call("jdk-string", MESSAGES, false)
            .call("jdk-async", CHAT, true)
            .call("jdk-lines", CHAT, true)
            .call("jdk-inputstream", MESSAGES, true)
            .call("jdk-publisher", CHAT, true)
            .call("okhttp", CHAT, true)
            .call("okhttp-async", MESSAGES, true),
        new Coexistence.Scenario("Jetty 12", "jetty-app", "io.takumo.aegis.apps.jetty.JettyCall", true)
            .call("sync", CHAT, false)
            .call("async", MESSAGES, true)
            .call("stream", MESSAGES, true)
            .call("length", CHAT, false)
            .call("h2c-sync", CHAT, false),
        new Coexistence.Scenario("Apache HttpClient 4", "apache4-app", "io.takumo.aegis.apps.apache4.Apache4Call", true).sectioned()
            .call("classic", CHAT, false)
            .call("classic-stream", MESSAGES, true)
            .call("legacy", CHAT, false)
            .call("async", CHAT, true)
            .call("async-callback", MESSAGES, false),
        new Coexistence.Scenario("Apache HttpClient 5", "apache5-app", "io.takumo.aegis.apps.apache5.Apache5Call", true).sectioned()
            .call("classic", CHAT, false)
            .call("classic-stream", MESSAGES, true)
            .call("async-simple", CHAT, true)
            .call("async-callback", MESSAGES, false)
            .call("async-chars", CHAT, true),
        new Coexistence.Scenario("Spring RestClient", "spring-restclient-app", "io.takumo.aegis.apps.spring.SpringCall", true)
            .call("jdk/restclient", CHAT, false)
            .call("jetty/restclient-stream", MESSAGES, true)
            .call("apache5/resttemplate", CHAT, false)
            .call("reactor/restclient", MESSAGES, false),
        new Coexistence.Scenario("Reactor Netty and WebClient", "reactor-netty-app", "io.takumo.aegis.apps.netty.ReactorNettyCall", false)
            .call("netty", CHAT, false)
            .call("webclient-sse", MESSAGES, true),
        new Coexistence.Scenario("Vert.x 5", "vertx5-app", "io.takumo.aegis.apps.vertx.VertxCall", false)
            .call("webclient", CHAT, false)
            .call("stream", MESSAGES, true));
  }

  @ParameterizedTest(name = "{0}, {1}: {2} (run {3})")
  @MethodSource("cases")
  void providerRequestsAreProtectedAndTheOtherAgentStillTraces(
      OtherAgent other, AgentPlacement placement, Coexistence.Scenario scenario, int run) throws Exception {
    Coexistence.check(other, placement, scenario);
  }
}
