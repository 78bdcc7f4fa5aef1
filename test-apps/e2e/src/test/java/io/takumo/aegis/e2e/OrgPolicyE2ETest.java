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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The org policy the stand-in gateway delivers in the handshake (a custom rule
 * {@code acme-internal-token} and an allowlisted AWS-key-shaped value): the agent protects the
 * session's first request with it, and {@code takumo-aegis scan} in gateway mode scans with it.
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

    AppRunner.Result result = AppRunner.app("apps")
        .setting("provider-hosts", provider.hostEntry())
        .setting("mode", "gateway")
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
