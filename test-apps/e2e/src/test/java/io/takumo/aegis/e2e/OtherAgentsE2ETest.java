package io.takumo.aegis.e2e;

import static io.takumo.aegis.e2e.Coexistence.CHAT;
import static io.takumo.aegis.e2e.Coexistence.MESSAGES;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our agent beside OpenTelemetry's and Datadog's, each in both orders, on the client paths where
 * the order mattered: {@code HttpURLConnection} with OpenTelemetry first (it adds an interface of
 * its own to that class before we weave it), Jetty with ours first. The full matrix (every client
 * path, every placement, repeated) is {@link OtherAgentsMatrixE2ETest}, run by {@code bin/test-other-agents}.
 */
class OtherAgentsE2ETest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(OtherAgent.OPENTELEMETRY, AgentPlacement.OTHER_IN_JAVA_TOOL_OPTIONS, jdkClients()),
        Arguments.of(OtherAgent.OPENTELEMETRY, AgentPlacement.AEGIS_FIRST_ON_COMMAND_LINE, jetty()),
        Arguments.of(OtherAgent.DATADOG, AgentPlacement.OTHER_FIRST_ON_COMMAND_LINE, jdkClients()),
        Arguments.of(OtherAgent.DATADOG, AgentPlacement.AEGIS_IN_JAVA_TOOL_OPTIONS, jetty()));
  }

  private static Coexistence.Scenario jdkClients() {
    return new Coexistence.Scenario("HttpURLConnection, java.net.http, OkHttp", "apps", "io.takumo.aegis.apps.ClientCalls", true)
        .call("urlconnection", CHAT, false)
        .call("urlconnection-fixed", MESSAGES, true)
        .call("jdk-send", CHAT, true)
        .call("okhttp", MESSAGES, false);
  }

  private static Coexistence.Scenario jetty() {
    return new Coexistence.Scenario("Jetty 12", "jetty-app", "io.takumo.aegis.apps.jetty.JettyCall", true)
        .call("sync", CHAT, false)
        .call("stream", MESSAGES, true)
        .call("length", CHAT, false);
  }

  @ParameterizedTest(name = "{0}, {1}: {2}")
  @MethodSource("cases")
  void providerRequestsAreProtectedAndTheOtherAgentStillTraces(
      OtherAgent other, AgentPlacement placement, Coexistence.Scenario scenario) throws Exception {
    Coexistence.check(other, placement, scenario);
  }
}
