package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The org policy the stand-in gateway delivers in the handshake (a custom rule
 * {@code acme-internal-token}, and here an allowlisted AWS-key-shaped value): the agent protects
 * the session's first request with it, and {@code takumo-aegis scan} in gateway mode scans with it;
 * by default it may only add detection; {@code org-policy-required} and the cache.
 */
class OrgPolicyE2ETest {

  private static final String CHAT = "/v1/chat/completions";

  private static StandInProviders provider;
  private static StandInGateway gateway;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    provider = new StandInProviders();
    gateway = new StandInGateway();
  }

  /** Each test counts the requests it caused. */
  @BeforeEach
  void forgetEarlierRequests() {
    provider.server.resetRequests();
    gateway.server.resetRequests();
  }

  @AfterAll
  static void stop() {
    provider.close();
    gateway.close();
  }

  @Test
  void theFirstRequestIsProtectedByTheOrgPolicyAndScanUsesItToo() throws Exception {
    TestSecrets secrets = new TestSecrets();
    String acme = StandInGateway.acmeToken();
    String message = "internal token " + acme + ", fixture key " + StandInGateway.ALLOWLISTED + ", real key " + secrets.awsKeyId;
    Path request = StandInProviders.requestFile(CHAT, message, false);
    gateway.handshake.policy = StandInGateway.POLICY_WITH_ALLOWLIST;
    try {
      protectsTheFirstRequestAndScans(acme, message, request, secrets);
    } finally {
      gateway.handshake.policy = StandInGateway.POLICY;
    }
  }

  private void protectsTheFirstRequestAndScans(String acme, String message, Path request,
      TestSecrets secrets) throws Exception {
    AppRunner.Result result = AppRunner.app("apps")
        .setting("provider-hosts", provider.hostEntry())
        .setting("mode", "gateway")
        .setting("org-policy-may-relax", "true") // this policy allowlists a value
        .env("TAKUMO_GATEWAY_URL", gateway.base())
        .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
        .env("TAKUMO_API_KEY", StandInGateway.API_KEY)
        .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json")
        .assertOk();

    assertEquals(FakeProvider.reply(message), Replies.parse(result.out()).text, "the app read its reply, tokens restored");
    assertEquals(1, gateway.handshakes());
    List<LoggedRequest> routed = gateway.routed();
    assertEquals(1, routed.size());
    String body = routed.get(0).getBodyAsString();
    assertFalse(body.contains(acme), "the org rule's secret reached the gateway: " + body);
    assertTrue(body.contains("TKM_acme_"), "tokenized with the org rule's hint: " + body);
    assertTrue(body.contains("fixture key " + StandInGateway.ALLOWLISTED + ","), "the org allowlist's value, untouched: " + body);
    assertFalse(body.contains(secrets.awsKeyId), "the built-in rules still apply: " + body);
    List<String> log = result.stderr.lines().filter(l -> l.contains("[takumo-aegis]") && !l.contains("Takumo Aegis active"))
        .collect(Collectors.toList());
    assertEquals(1, log.size(), result.stderr);
    assertTrue(log.get(0).endsWith("INFO org policy applied: 1 custom rules, 1 allowlist entries"), log.get(0));
    assertFalse(result.stderr.contains(acme) || result.stderr.contains(StandInGateway.ALLOWLISTED));

    Path file = Files.writeString(dir.resolve("notes.txt"),
        "deploy notes\nsee ref " + acme + "\nfixture: " + StandInGateway.ALLOWLISTED + "\n");
    Map<String, String> env = new HashMap<>();
    env.put("TAKUMO_AEGIS_MODE", "gateway");
    env.put("TAKUMO_GATEWAY_URL", gateway.base());
    env.put("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY);
    env.put("TAKUMO_API_KEY", StandInGateway.API_KEY);
    env.put("TAKUMO_AEGIS_ORG_POLICY_MAY_RELAX", "true");
    String[] scan = scan(env, "--format", "json", file.toString());
    assertEquals("1", scan[0], scan[2]);
    assertEquals(2, gateway.handshakes(), "scan performed its own handshake");
    JsonNode findings = new ObjectMapper().readTree(scan[1]).get("findings");
    assertEquals(1, findings.size(), scan[1]);
    assertEquals("acme-internal-token", findings.get(0).get("rule").asText());
    assertEquals(2, findings.get(0).get("line").asInt());
    assertTrue(scan[2].contains("org policy from the gateway " + gateway.base() + ": 1 custom rule(s), 1 allowlist entries"), scan[2]);
    assertFalse(scan[1].contains(acme) || scan[2].contains(acme) || scan[2].contains(StandInGateway.API_KEY));

    // The same scan in mode local: no handshake, and neither the org rule nor its allowlist.
    env.put("TAKUMO_AEGIS_MODE", "local");
    String[] local = scan(env, "--format", "json", file.toString());
    assertEquals(2, gateway.handshakes(), "mode local never touches the network");
    List<String> rules = new ArrayList<>();
    new ObjectMapper().readTree(local[1]).get("findings").forEach(f -> rules.add(f.get("rule").asText()));
    assertEquals(List.of("aws-access-key-id"), rules, local[1]);
  }

  /**
   * Whoever answers the handshake tries to switch protection off: it disables the built-in rule,
   * allowlists the secret and everything (an empty and a {@code .*} regex), and replaces the
   * policy file's rule by one that never matches. By default none of it applies: the gateway
   * receives tokens, and the agent says what it ignored, in counts, never a pattern.
   */
  @Test
  void anOrgPolicyThatTriesToSwitchDetectionOffDoesNot() throws Exception {
    TestSecrets secrets = new TestSecrets();
    String acme = StandInGateway.acmeToken();
    String local = "acme_" + secrets.awsKeyId.substring(4) + secrets.awsKeyId.substring(4);
    Path policy = Files.writeString(dir.resolve("policy.yaml"),
        "rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n");
    String message = "internal " + acme + ", local " + local + ", aws " + secrets.awsKeyId;
    Path request = StandInProviders.requestFile(CHAT, message, false);
    gateway.handshake.policy = "{\"disable\":[\"aws-access-key-id\",\"github-token\"],"
        + "\"allowlist\":{\"values\":[\"" + secrets.awsKeyId + "\"],\"regexes\":[\"\",\".*\",\"^acme_\"]},"
        + "\"rules\":[{\"id\":\"acme-key\",\"regex\":\"never-[0-9]{40}\"},"
        + "{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\",\"hint\":\"acme\"}]}";
    AppRunner.Result result;
    try {
      result = AppRunner.app("apps")
          .setting("provider-hosts", provider.hostEntry())
          .setting("mode", "gateway")
          .setting("policy", policy.toString())
          .env("TAKUMO_GATEWAY_URL", gateway.base())
          .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
          .env("TAKUMO_API_KEY", StandInGateway.API_KEY)
          .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json")
          .assertOk();
    } finally {
      gateway.handshake.policy = StandInGateway.POLICY;
    }

    assertEquals(FakeProvider.reply(message), Replies.parse(result.out()).text, "the app read its reply, tokens restored");
    List<LoggedRequest> routed = gateway.routed();
    assertEquals(1, routed.size());
    String body = routed.get(0).getBodyAsString();
    for (String secret : List.of(acme, local, secrets.awsKeyId)) {
      assertFalse(body.contains(secret), "a secret reached the gateway: " + body);
    }
    assertTrue(body.contains("TKM_acme_"), "the org's new rule applies: " + body);
    List<String> log = result.stderr.lines().filter(l -> l.contains("[takumo-aegis]") && !l.contains("Takumo Aegis active"))
        .map(l -> l.replaceFirst("^.*?(ERROR|WARN|INFO|DEBUG) ", "$1 ")).collect(Collectors.toList());
    String ignored = ": they would relax the local policy, and the org policy may only add detection (org-policy-may-relax is false)";
    String empty = ": the regex matches the empty string, so it would match everywhere; it must match at least one character;"
        + " that entry is skipped";
    assertEquals(List.of(
        "WARN org policy from the gateway: allowlist: regex 1" + empty,
        "WARN org policy from the gateway: allowlist: regex 2" + empty,
        "WARN org policy from the gateway: ignored its 2 disable entries" + ignored,
        "WARN org policy from the gateway: ignored its 2 allowlist entries" + ignored,
        "WARN org policy from the gateway: ignored its 1 rules that reuse the id of a local or built-in rule" + ignored,
        "INFO org policy applied: 1 custom rules, 0 allowlist entries"), log);
    assertFalse(result.stderr.contains("never-") || result.stderr.contains(".*") || result.stderr.contains("^acme_"),
        "no pattern logged:\n" + result.stderr);
  }

  /**
   * {@code org-policy-required} with {@code gateway-fallback: local}: a process that never reached
   * the gateway sends nothing; once a handshake cached the org policy, a restart while the gateway
   * is down goes direct and is protected by the org's rules.
   */
  @Test
  void orgPolicyRequiredBlocksUntilAVerifiedPolicyAndTheCacheCarriesItOverARestart() throws Exception {
    Path cache = dir.resolve("cache");
    String acme = StandInGateway.acmeToken();
    String message = "internal token " + acme;
    Path request = StandInProviders.requestFile(CHAT, message, false);
    StandInGateway own = new StandInGateway();
    String base = own.base();
    java.util.function.Supplier<AppRunner> app = () -> AppRunner.app("apps")
        .setting("provider-hosts", provider.hostEntry())
        .setting("mode", "gateway")
        .setting("gateway-fallback", "local")
        .setting("org-policy-required", "true")
        .setting("org-policy-cache", cache.toString())
        .env("TAKUMO_GATEWAY_URL", base)
        .env("TAKUMO_GATEWAY_PUBLIC_KEY", StandInGateway.PUBLIC_KEY)
        .env("TAKUMO_API_KEY", StandInGateway.API_KEY);
    try {
      AppRunner.Result first = app.get()
          .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json")
          .assertOk();
      assertEquals(FakeProvider.reply(message), Replies.parse(first.out()).text);
      assertFalse(own.routed().get(0).getBodyAsString().contains(acme));
    } finally {
      own.close();
    }
    try (var files = Files.list(cache)) {
      assertEquals(1, files.count(), "the verified org policy is cached");
    }

    // The same app restarted while the gateway is down: direct, with the cached org rules.
    AppRunner.Result restarted = app.get()
        .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json")
        .assertOk();
    assertEquals(FakeProvider.reply(message), Replies.parse(restarted.out()).text, "tokens restored");
    List<byte[]> direct = provider.received("internal token ");
    assertEquals(1, direct.size(), "went straight to the provider");
    assertFalse(new String(direct.get(0), StandardCharsets.UTF_8).contains(acme), "the cached org rule protected it");
    assertTrue(restarted.stderr.contains("INFO org policy applied from the cache (until the gateway delivers one): 1 custom rules"),
        restarted.stderr);

    // Without the cache (another directory): nothing is sent, the app gets the one-line IOException.
    AppRunner.Result blocked = app.get().setting("org-policy-cache", dir.resolve("empty").toString())
        .run("io.takumo.aegis.apps.HttpCall", "jdk-send", provider.url(CHAT), request.toString(), "Content-Type: application/json");
    assertEquals(3, blocked.exitCode, blocked.out() + blocked.stderr);
    assertEquals("EXCEPTION java.io.IOException: Takumo Aegis did not send a request to 127.0.0.1: org-policy-required is"
        + " true and no verified org policy is in force (the gateway has delivered none to this process and none is cached);"
        + " check that the Takumo gateway " + base + " answers and accepts TAKUMO_API_KEY, or set"
        + " TAKUMO_AEGIS_ORG_POLICY_REQUIRED=false to send requests protected by the local policy alone", blocked.out().trim());
    assertEquals(1, provider.received("internal token ").size(), "the blocked request never reached the provider");
    assertFalse(blocked.stderr.contains(acme) || blocked.stderr.contains(StandInGateway.API_KEY));
  }

  /** {@code java -jar takumo-aegis.jar scan ARGS} with exactly these TAKUMO_ variables; exit code, stdout, stderr. */
  private static String[] scan(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(AppRunner.javaExecutable(), "-jar", AppRunner.AGENT_JAR.toString(), "scan"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("TAKUMO_") || k.equals("JAVA_TOOL_OPTIONS") || k.endsWith("_PROXY")
        || k.endsWith("_proxy"));
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scan did not finish");
    return new String[] {
      String.valueOf(p.exitValue()), new String(out, StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8)
    };
  }
}
