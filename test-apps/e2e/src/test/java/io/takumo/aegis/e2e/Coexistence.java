package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

/**
 * One test app run with our agent and another observability agent, both attached: each provider
 * request reached the stand-in with its secrets tokenized, the app read every value back, neither
 * agent's start-up went wrong, and the other agent still produced a client span for every call.
 */
final class Coexistence {

  static final String CHAT = "/v1/chat/completions";
  static final String MESSAGES = "/v1/messages";

  /** An app and the calls it makes: {@code {mode, path, stream}} each. */
  static final class Scenario {
    final String name;
    final String module;
    final String mainClass;
    /** Whether the app takes several {@code MODE URL BODY_FILE} triples ({@link CallBatch}), else one call per JVM. */
    final boolean batched;
    /** Whether the batch app starts each response with a {@code #### MODE} line (the Apache apps). */
    boolean sections;
    final List<String[]> calls = new ArrayList<>();

    Scenario(String name, String module, String mainClass, boolean batched) {
      this.name = name;
      this.module = module;
      this.mainClass = mainClass;
      this.batched = batched;
    }

    /** The app writes its responses as the Apache apps do ({@link CallBatch#runSections}). */
    Scenario sectioned() {
      sections = true;
      return this;
    }

    Scenario call(String mode, String path, boolean stream) {
      calls.add(new String[] {mode, path, String.valueOf(stream)});
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private Coexistence() {}

  static void check(OtherAgent other, AgentPlacement placement, Scenario scenario) throws Exception {
    try (StandInProviders provider = new StandInProviders()) {
      CallBatch batch = new CallBatch();
      for (String[] c : scenario.calls) {
        batch.chat(batch.names().size() + " " + c[0] + " " + c[1] + (Boolean.parseBoolean(c[2]) ? " stream" : ""),
            c[0], provider, c[1], Boolean.parseBoolean(c[2]));
      }
      List<AppRunner.Result> results = new ArrayList<>();
      if (scenario.batched && scenario.sections) {
        batch.runSections(runner(other, placement, scenario, provider), scenario.mainClass);
        results.add(batch.result);
      } else if (scenario.batched) {
        batch.run(runner(other, placement, scenario, provider), scenario.mainClass);
        results.add(batch.result);
      } else {
        for (String name : batch.names()) {
          CallBatch.Call call = batch.get(name);
          AppRunner.Result result = runner(other, placement, scenario, provider)
              .run(scenario.mainClass, call.mode, provider.url(call.path), call.requestFile.toString())
              .assertOk();
          call.response = result.out();
          results.add(result);
        }
      }
      String where = other + ", " + placement + ", " + scenario + ": ";
      for (AppRunner.Result result : results) {
        assertTrue(result.stderr.contains("Takumo Aegis active"), where + "our agent did not start\n" + result.stderr);
        assertFalse(result.stderr.contains("could not instrument"), where + "a client was not woven\n" + result.stderr);
        assertFalse(result.stderr.contains("hook failed"), where + result.stderr);
      }
      for (String name : batch.names()) {
        CallBatch.Call call = batch.get(name);
        assertFalse(call.response.startsWith("EXCEPTION "), where + name + ": " + call.response);
        ProviderTrafficE2ETest.assertProviderSawNoSecret(provider, call.secrets);
        Replies replies = Replies.parse(call.response);
        assertEquals(FakeProvider.reply(call.secrets.message()), replies.text, where + name + ": the text the app read");
        assertEquals(List.of(FakeProvider.toolArguments(call.secrets.message())), replies.toolArguments,
            where + name + ": the tool-call arguments the app read");
      }
      int spans = 0;
      for (AppRunner.Result result : results) {
        spans += other.spansTo(result, "http://127.0.0.1:" + provider.port() + "/");
      }
      int calls = batch.names().size();
      assertTrue(spans >= calls, where + other + " printed " + spans + " client span(s) for " + calls + " call(s)\n"
          + results.get(results.size() - 1).stderr);
    }
  }

  private static AppRunner runner(OtherAgent other, AgentPlacement placement, Scenario scenario, StandInProviders provider) {
    // OpenTelemetry's agent alone takes seconds to start, and far more on a loaded machine.
    return placement.apply(AppRunner.app(scenario.module), other).setting("provider-hosts", provider.hostEntry())
        .timeout(300);
  }
}
