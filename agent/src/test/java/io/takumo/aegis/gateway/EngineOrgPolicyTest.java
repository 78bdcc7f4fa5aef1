package io.takumo.aegis.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.engine.Engine;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.policy.TestValues;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine in gateway mode applies the org policy each session brings, from its first request on. */
class EngineOrgPolicyTest {


  private static final URI OPENAI = URI.create("https://api.openai.com/v1/chat/completions");

  private final TestValues values = new TestValues();
  private final String internal = "ACME-" + values.chars("0123456789abcdef", 24);
  private final String allowed = values.awsKeyId();
  private final String aws = values.awsKeyId();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private StandInGateway server;
  @TempDir Path cacheDir;

  @BeforeEach
  void start() throws Exception {
    server = new StandInGateway();
    server.policyJson = policy(true);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String policy(boolean withAllowlist) {
    return "{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\",\"keywords\":[\"ACME-\"],\"hint\":\"acme\"}]"
        + (withAllowlist ? ",\"allowlist\":{\"values\":[\"" + allowed + "\"]}" : "") + "}";
  }

  /** With org-policy-may-relax: these tests show the whole merge, allowlist included (OrgPolicyTest the default). */
  private Engine engine() {
    AegisConfig config = AegisConfig.load(Map.of("takumo.aegis.mode", "gateway",
        "takumo.aegis.gateway-url", server.base().toString(),
        "takumo.aegis.gateway-public-key", io.takumo.aegis.protocol.GatewayKeys.pem(StandInGateway.SIGNING.getPublic()),
        "takumo.aegis.org-policy-may-relax", "true", "takumo.aegis.org-policy-cache", cacheDir.toString()),
        Map.of("TAKUMO_API_KEY", StandInGateway.API_KEY));
    return new Engine(config, new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true)));
  }

  /** A request as an instrumentation makes it: routed first (the handshake), then its body protected. */
  private static String send(Engine engine, String text) throws Exception {
    engine.route(OPENAI);
    return protect(engine, text);
  }

  private static String protect(Engine engine, String text) throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    return new String(engine.protectRequest("api.openai.com", "application/json", null,
        body.getBytes(StandardCharsets.UTF_8), new RestoreScope()), StandardCharsets.UTF_8);
  }

  private List<String> lines() {
    String all = logged.toString(StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    all.lines().forEach(out::add);
    for (String line : out) {
      assertFalse(line.contains(internal) || line.contains(allowed) || line.contains(aws) || line.contains("[0-9a-f]"), line);
    }
    return out;
  }

  @Test
  void theFirstRequestOfASessionIsProtectedByTheOrgPolicy() throws Exception {
    Engine engine = engine();
    String text = internal + " " + allowed + " " + aws;
    String sent = send(engine, text);
    assertFalse(sent.contains(internal), sent);
    assertTrue(sent.contains("TKM_acme_"), "the org rule's hint: " + sent);
    assertTrue(sent.contains(" " + allowed + " "), "the org allowlist: " + sent);
    assertFalse(sent.contains(aws), "the built-in rules still run: " + sent);
    assertEquals(List.of("INFO org policy applied: 1 custom rules, 1 allowlist entries"), strip(lines()));

    send(engine, text);
    assertEquals(1, server.handshakes.get());
    assertEquals(1, lines().size(), "applied once per session, not per request");
  }

  @Test
  void concurrentFirstRequestsAllWaitForTheOrgPolicy() throws Exception {
    server.handshakeDelayMillis = 300;
    Engine engine = engine();
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> sent = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      sent.add(pool.submit(() -> {
        go.await();
        return send(engine, internal);
      }));
    }
    go.countDown();
    for (Future<String> f : sent) {
      String body = f.get(10, TimeUnit.SECONDS);
      assertFalse(body.contains(internal), body);
    }
    pool.shutdown();
    assertEquals(1, server.handshakes.get());
    assertEquals(1, lines().size(), lines().toString());
  }

  @Test
  void aRenewedSessionSwapsTheDetectorOnlyWhenThePolicyChangedAndKeepsTheVault() throws Exception {
    Engine engine = engine();
    String before = send(engine, aws);
    String token = token(before);

    engine.gateway().onResponse("api.openai.com", "s_1", 401, h -> h.equals(Headers.ERROR) ? "session_expired" : null);
    send(engine, aws);
    assertEquals(2, server.handshakes.get());
    assertEquals(1, strip(lines()).stream().filter(l -> l.startsWith("INFO org policy applied")).count(),
        "the same policy again: nothing rebuilt");

    server.policyJson = policy(false);
    engine.gateway().onResponse("api.openai.com", "s_2", 401, h -> h.equals(Headers.ERROR) ? "session_expired" : null);
    String sent = send(engine, allowed + " " + aws);
    assertEquals(3, server.handshakes.get());
    assertFalse(sent.contains(allowed), "no longer allowlisted: " + sent);
    assertEquals(token, token(protect(engine, aws)), "the same vault: a secret keeps its token");
    List<String> applied = strip(lines()).stream().filter(l -> l.startsWith("INFO org policy applied")).toList();
    assertEquals(List.of("INFO org policy applied: 1 custom rules, 1 allowlist entries",
        "INFO org policy applied: 1 custom rules, 0 allowlist entries"), applied);
  }

  @Test
  void aBadOrgRuleIsOneWarningAndTheRestApplies() throws Exception {
    server.policyJson = "{\"rules\":[{\"id\":\"broken-rule\",\"regex\":\"ACME-([0-9a-f]{24}\"},"
        + "{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\"}]}";
    Engine engine = engine();
    String sent = send(engine, internal);
    assertFalse(sent.contains(internal), sent);
    List<String> lines = strip(lines());
    assertEquals(2, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("WARN org policy from the gateway: rule 'broken-rule': invalid regex")
        && lines.get(0).endsWith("this rule is skipped, the rest of the org policy applies"), lines.get(0));
    assertEquals("INFO org policy applied: 1 custom rules, 0 allowlist entries", lines.get(1));
  }

  @Test
  void beforeAnySessionTheLocalPolicyRuns() throws Exception {
    Engine engine = engine();
    assertTrue(protect(engine, internal).contains(internal), "no org policy without a handshake");
    assertEquals(0, server.handshakes.get());
  }

  private static String token(String body) {
    Matcher m = Pattern.compile("TKM_[a-z0-9]+_[A-Za-z0-9]+").matcher(body);
    assertTrue(m.find(), body);
    return m.group();
  }

  /** Log lines without their timestamp and prefix: from the level on. */
  private static List<String> strip(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      Matcher m = Pattern.compile("(ERROR|WARN|INFO|DEBUG) .*").matcher(line);
      out.add(m.find() ? m.group() : line);
    }
    return out;
  }
}
