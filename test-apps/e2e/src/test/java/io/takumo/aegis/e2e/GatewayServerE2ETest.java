package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent against the real Takumo gateway server (not a stand-in): {@code bin/takumo-server
 * gateway} on loopback, its plan, orgs, keys and org policy made with {@code bin/takumo-server
 * admin}, its signing key pinned from {@code admin signing-key}, forwarding to the stand-in
 * provider as the configured {@code --openai-base-url}/{@code --anthropic-base-url}. Apps on the
 * official SDKs in gateway mode: what the provider received (tokens, never a secret, no Takumo
 * header or key) and what the app got back (the secrets restored, exactly), the org policy's rule
 * applied by the agent, and the server's refusals as the app sees them.
 */
class GatewayServerE2ETest {
  private static final String CHAT = "/v1/chat/completions";
  private static final String MESSAGES = "/v1/messages";

  @TempDir
  static Path dir;
  private static StandInProviders provider;
  private static TakumoServer server;
  private static String pinned;
  private static String key;
  private static String readOnlyKey;
  private static String tightKey;

  @BeforeAll
  static void start() throws Exception {
    provider = new StandInProviders();
    server = TakumoServer.start(dir, "--openai-base-url", provider.url(""), "--anthropic-base-url", provider.url(""),
        "--allow-private-upstreams");
    server.admin("plans", "create", "team", "--rate-limit", "1000/min", "--providers", "openai,anthropic");
    // One request a minute, Anthropic only: the plan-limit and rate-limit rows.
    server.admin("plans", "create", "tight", "--rate-limit", "1/min", "--providers", "anthropic");
    server.admin("orgs", "create", "acme", "--plan", "team");
    server.admin("orgs", "create", "small", "--plan", "tight");
    key = lastLine(server.admin("keys", "create", "--org", "acme", "--scopes", "llm:chat"));
    readOnlyKey = lastLine(server.admin("keys", "create", "--org", "acme", "--scopes", "llm:read"));
    tightKey = lastLine(server.admin("keys", "create", "--org", "small", "--scopes", "llm:chat"));
    Path policy = dir.resolve("org-policy.json");
    Files.writeString(policy, StandInGateway.POLICY);
    server.admin("orgs", "policy", "set", "acme", "--file", policy.toString());
    pinned = server.admin("signing-key");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  @BeforeEach
  void reset() {
    provider.server.resetRequests();
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1];
  }

  private static AppRunner agent(String apiKey) {
    return AppRunner.app("apps").setting("provider-hosts", provider.hostEntry()).setting("mode", "gateway")
        .env("TAKUMO_GATEWAY_URL", server.url + "/v1").env("TAKUMO_GATEWAY_PUBLIC_KEY", pinned).env("TAKUMO_API_KEY", apiKey);
  }

  /** The agent's lines, its start-up line aside. */
  private static List<String> agentLines(AppRunner.Result r) {
    return Arrays.stream(r.stderr.split("\n")).filter(l -> l.contains("[takumo-aegis]") && !l.contains("Takumo Aegis active"))
        .collect(Collectors.toList());
  }

  private static void assertProviderGotTokensOnlyAndNoTakumoTrace(TestSecrets secrets, String acme) {
    List<LoggedRequest> received = provider.server.getAllServeEvents().stream().map(ServeEvent::getRequest)
        .collect(Collectors.toList());
    assertEquals(1, received.size());
    LoggedRequest r = received.get(0);
    String body = r.getBodyAsString();
    assertNull(secrets.leakIn(body), "the provider received " + secrets.leakIn(body));
    assertFalse(body.contains(acme), "the org rule's secret reached the provider");
    assertTrue(body.contains("TKM_acme_"), "tokenized with the org rule's hint (the org policy from the server): " + body);
    for (String name : r.getAllHeaderKeys()) {
      assertFalse(name.toLowerCase().startsWith("x-takumo-"), "forwarded " + name);
      assertFalse(r.getHeader(name).contains("tk_live_"), "a Takumo key in " + name);
    }
    assertTrue("Bearer test-key-for-the-stand-in".equals(r.getHeader("Authorization"))
        || "test-key-for-the-stand-in".equals(r.getHeader("x-api-key")), "the app's own provider key went to the provider");
  }

  @Test
  void openAiSdkAppsChatAndStreamThroughTheServerWithSecretsRestoredAndTheOrgRuleApplied() throws Exception {
    for (String mode : List.of("chat", "stream")) {
      provider.server.resetRequests();
      TestSecrets secrets = new TestSecrets();
      String acme = StandInGateway.acmeToken();
      String message = secrets.message() + "\ninternal token " + acme;
      AppRunner.Result result = agent(key).run("io.takumo.aegis.apps.OpenAiSdkChat", provider.url("/v1"), mode,
          StandInProviders.write(message.getBytes(StandardCharsets.UTF_8)).toString()).assertOk();
      JsonNode out = FakeProvider.JSON.readTree(result.out());
      assertEquals(FakeProvider.reply(message), out.path("text").asText(), mode + ": the app read its reply, restored");
      assertEquals(FakeProvider.toolArguments(message), out.path("arguments").path(0).asText());
      assertProviderGotTokensOnlyAndNoTakumoTrace(secrets, acme);
      List<String> log = agentLines(result);
      assertEquals(1, log.size(), String.join("\n", log));
      assertTrue(log.get(0).endsWith("INFO org policy applied: 1 custom rules, 0 allowlist entries"), log.get(0));
      assertFalse(result.stderr.contains(key) || result.stderr.contains(acme));
    }
    assertFalse(server.stdout().contains(key) || server.stderr().contains(key), "the server logs no key");
    assertTrue(server.stdout().contains("\"path\":\"/v1/_takumo/session\",\"status\":200"), server.stdout());
  }

  @Test
  void anAnthropicSdkAppGoesThroughTheServerToo() throws Exception {
    TestSecrets secrets = new TestSecrets();
    String acme = StandInGateway.acmeToken();
    String message = secrets.message() + "\ninternal token " + acme;
    AppRunner.Result result = agent(key).run("io.takumo.aegis.apps.AnthropicSdkChat", provider.url(""), "chat",
        StandInProviders.write(message.getBytes(StandardCharsets.UTF_8)).toString()).assertOk();
    JsonNode out = FakeProvider.JSON.readTree(result.out());
    assertEquals(FakeProvider.reply(message), out.path("text").asText());
    assertEquals(message, out.path("inputs").path(0).path("note").asText());
    assertProviderGotTokensOnlyAndNoTakumoTrace(secrets, acme);
  }

  @Test
  void anInvalidKeyFailsTheAppsRequestsUnsentWithTheAgentsOneLine() throws Exception {
    Path request = StandInProviders.requestFile(CHAT, "hello", false);
    String unknown = "tk_live_" + "Q".repeat(43);
    AppRunner.Result result = agent(unknown).run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), request.toString(),
        "0", "1").assertOk();
    assertTrue(result.out().contains("EXCEPTION java.io.IOException: Takumo Aegis did not send a request to 127.0.0.1: the"
        + " Takumo gateway " + server.url + "/v1 refused the handshake (HTTP 401 invalid_api_key: \"The API key is unknown or"
        + " revoked.\"); check TAKUMO_API_KEY"), result.out());
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing reached the provider");
    assertFalse(result.stderr.contains(unknown));
  }

  @Test
  void refusalsOfTheServerReachTheAppAsItSentThem() throws Exception {
    Path chat = StandInProviders.requestFile(CHAT, "hello", false);
    Path messages = StandInProviders.requestFile(MESSAGES, "hello", false);
    AppRunner.Result scope = agent(readOnlyKey).run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), chat.toString(),
        "0", "1").assertOk();
    assertApp(scope.out(), 403, "missing_scope", "This key lacks the scope llm:chat.");

    AppRunner.Result plan = agent(tightKey).run("io.takumo.aegis.apps.GatewayCalls", provider.url(CHAT), chat.toString(),
        "0", "1").assertOk();
    assertApp(plan.out(), 403, "plan_limit", "The plan tight does not include the provider openai.");

    AppRunner.Result rate = agent(tightKey).run("io.takumo.aegis.apps.GatewayCalls", provider.url(MESSAGES),
        messages.toString(), "0", "2", "x-api-key: test-key-for-the-stand-in", "anthropic-version: 2023-06-01").assertOk();
    List<String> lines = rate.out().lines().collect(Collectors.toList());
    assertEquals(2, lines.size(), rate.out());
    assertTrue(lines.get(0).contains("status=200 ") && lines.get(0).contains("remaining=0 "), lines.get(0));
    // The 429 and its Retry-After reach the app as the server sent them; the agent retries nothing.
    assertTrue(lines.get(1).matches(".* status=429 retry-after=[1-9][0-9]* remaining=0 body=.*"), lines.get(1));
    assertTrue(body(lines.get(1)).contains("\"code\":\"rate_limited\""), body(lines.get(1)));
    assertTrue(agentLines(rate).stream().anyMatch(l -> l.contains("429") && l.contains("does not retry")), rate.stderr);
    assertEquals(1, provider.server.getAllServeEvents().size(), "only the admitted request reached the provider");
  }

  private static void assertApp(String out, int status, String code, String message) {
    List<String> lines = out.lines().collect(Collectors.toList());
    assertEquals(1, lines.size(), out);
    assertTrue(lines.get(0).contains(" status=" + status + " "), lines.get(0));
    assertEquals("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\",\"type\":\"takumo_error\"}}",
        body(lines.get(0)));
    assertTrue(provider.server.getAllServeEvents().isEmpty(), "nothing reached the provider");
  }

  private static String body(String line) {
    return new String(Base64.getDecoder().decode(line.substring(line.indexOf("body=") + 5)), StandardCharsets.UTF_8);
  }
}
