package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.orgcache.OrgPolicyCache;
import io.takumo.aegis.policy.TestValues;
import io.takumo.aegis.protocol.GatewayKeys;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code org-policy-required} and the org policy cache, with a gateway that is down and
 * {@code gateway-fallback: local}: before any handshake, only a cached org policy protects the
 * requests that go direct, and with the setting nothing is sent unless a verified one is in force.
 */
class EngineOrgPolicyRequiredTest {

  private static final URI OPENAI = URI.create("https://api.openai.com/v1/chat/completions");
  private static final String API_KEY = "tk_test_org_policy_required_0123456789";
  private static String downGateway;
  /** A pinned gateway key (protocol 2 needs one); the gateway is down, so it never signs anything. */
  private static String gatewayKey;

  @TempDir Path cacheDir;
  @TempDir Path auditDir;

  private final TestValues values = new TestValues();
  private final String internal = "ACME-" + values.chars("0123456789abcdef", 24);
  private final Map<String, Object> orgPolicy = Map.of("rules",
      List.of(Map.of("id", "acme-internal-token", "regex", "ACME-[0-9a-f]{24}", "hint", "acme")));
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  @BeforeAll
  static void aPortNobodyListensOn() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      downGateway = "http://127.0.0.1:" + s.getLocalPort() + "/v1";
    }
    gatewayKey = GatewayKeys.pem(GatewayKeys.generate().getPublic());
  }

  private Engine engine(boolean required) {
    Map<String, String> settings = new HashMap<>();
    settings.put("takumo.aegis.mode", "gateway");
    settings.put("takumo.aegis.gateway-url", downGateway);
    settings.put("takumo.aegis.gateway-public-key", gatewayKey);
    settings.put("takumo.aegis.gateway-fallback", "local");
    settings.put("takumo.aegis.org-policy-required", String.valueOf(required));
    settings.put("takumo.aegis.org-policy-cache", cacheDir.toString());
    settings.put("takumo.aegis.audit-file", auditDir.resolve("audit.jsonl").toString());
    return new Engine(AegisConfig.load(settings, Map.of("TAKUMO_API_KEY", API_KEY)), new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true)));
  }

  private String protect(Engine engine, String text) throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    return new String(engine.protectRequest("api.openai.com", "application/json", null, body.getBytes(StandardCharsets.UTF_8),
        new RestoreScope()),
        StandardCharsets.UTF_8);
  }

  /** The lines logged, from the level on, but the one saying the gateway is unreachable (the fallback's). */
  private List<String> lines() {
    List<String> out = new ArrayList<>();
    logged.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.contains("is unreachable (connection refused)"))
        .forEach(l -> out.add(l.replaceFirst("^.*?(ERROR|WARN|INFO|DEBUG) ", "$1 ")));
    for (String line : out) {
      assertFalse(line.contains(internal) || line.contains(API_KEY) || line.contains("[0-9a-f]"), line);
    }
    return out;
  }

  @Test
  void withoutTheSettingAFallbackBeforeAnyHandshakeGoesDirectOnTheLocalPolicy() throws Exception {
    Engine engine = engine(false);
    assertNull(engine.route(OPENAI), "gateway-fallback local: direct");
    assertTrue(protect(engine, internal).contains(internal), "no org policy in force, none cached");
    assertEquals(0, engine.metrics().getRequestsBlocked());
  }

  @Test
  void requiredBlocksUntilAVerifiedOrgPolicyIsInForceAndCountsAndAuditsIt() throws Exception {
    Engine engine = engine(true);
    RequestBlockedException e = assertThrows(RequestBlockedException.class, () -> engine.route(OPENAI));
    assertEquals("Takumo Aegis did not send a request to api.openai.com: org-policy-required is true and no verified org"
        + " policy is in force (the gateway has delivered none to this process and none is cached); check that the Takumo"
        + " gateway " + downGateway + " answers and accepts TAKUMO_API_KEY, or set TAKUMO_AEGIS_ORG_POLICY_REQUIRED=false to"
        + " send requests protected by the local policy alone", e.getMessage());
    assertEquals(1, engine.metrics().getRequestsBlocked());
    assertEquals(1, engine.metrics().getRequestsSeen());
    String audit = "";
    for (long until = System.nanoTime() + 5_000_000_000L; audit.isEmpty() && System.nanoTime() < until; Thread.sleep(20)) {
      audit = Files.exists(auditDir.resolve("audit.jsonl")) ? Files.readString(auditDir.resolve("audit.jsonl")) : "";
    }
    assertTrue(audit.contains("\"outcome\":\"blocked\"") && audit.contains("no verified org policy is in force"), audit);
    assertTrue(lines().stream().anyMatch(l -> l.equals("WARN " + e.getMessage())), lines().toString());

    engine.applyOrgPolicy(orgPolicy, false);
    assertNull(engine.route(OPENAI), "a verified org policy in force: the fallback applies as usual");
    assertTrue(protect(engine, internal).contains("TKM_acme_"));
  }

  @Test
  void aPolicyThatFailsToApplyBlocksWhenRequiredAndIsLoudWhenNot() throws Exception {
    Engine optional = engine(false);
    optional.applyOrgPolicy(unreadable(), false);
    assertNull(optional.route(OPENAI));
    assertEquals(List.of("ERROR could not apply the org policy from the gateway (IllegalStateException); requests are"
        + " protected WITHOUT it, by the local policy alone; set org-policy-required to block them instead"), lines());

    logged.reset();
    Engine required = engine(true);
    required.applyOrgPolicy(orgPolicy, false);
    required.applyOrgPolicy(unreadable(), false);
    RequestBlockedException e = assertThrows(RequestBlockedException.class, () -> required.route(OPENAI));
    assertTrue(e.getMessage().contains("no verified org policy is in force (the gateway's could not be applied)"), e.getMessage());
    assertTrue(lines().contains("ERROR could not apply the org policy from the gateway (IllegalStateException); requests are"
        + " protected WITHOUT it, by the org policy applied before; org-policy-required is true: provider requests are"
        + " blocked until one applies"), lines().toString());
    required.applyOrgPolicy(orgPolicy, false);
    assertNull(required.route(OPENAI), "the same policy again from a new session: in force again");
  }

  @Test
  void theLastVerifiedPolicyIsCachedAndAppliedAtStartBeforeAnyHandshake() throws Exception {
    Engine first = engine(true);
    first.applyOrgPolicy(orgPolicy, false);
    Path file = OrgPolicyCache.of(cacheDir, downGateway, API_KEY, null).file();
    assertTrue(Files.isRegularFile(file), "cached: " + file);
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    }
    String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains("ACME") || bytes.contains("acme-internal-token") || bytes.contains(API_KEY), "sealed");
    assertFalse(file.getFileName().toString().contains(API_KEY));

    logged.reset();
    Engine restarted = engine(true);
    assertNull(restarted.route(OPENAI), "the cached policy is in force: the fallback applies");
    assertTrue(protect(restarted, internal).contains("TKM_acme_"), "the org's rule protects a request before any handshake");
    assertEquals(List.of("INFO org policy applied from the cache (until the gateway delivers one): 1 custom rules,"
        + " 0 allowlist entries"), lines());
    assertEquals(Set.of(file), Set.copyOf(list(cacheDir)), "one file, no temporary left");
  }

  @Test
  void aCorruptCacheIsIgnoredWithOneLine() throws Exception {
    engine(true).applyOrgPolicy(orgPolicy, false);
    Path file = OrgPolicyCache.of(cacheDir, downGateway, API_KEY, null).file();
    byte[] sealed = Files.readAllBytes(file);
    sealed[sealed.length - 1] ^= 1;
    Files.write(file, sealed);

    logged.reset();
    Engine restarted = engine(true);
    assertThrows(RequestBlockedException.class, () -> restarted.route(OPENAI));
    assertTrue(protect(restarted, internal).contains(internal));
    List<String> lines = lines();
    assertEquals("WARN org policy cache " + file + " is corrupt or was not written for this gateway URL and API key; ignored",
        lines.get(0));
    assertEquals(1, lines.stream().filter(l -> l.contains("org policy cache")).count(), lines.toString());
  }

  private static List<Path> list(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      return files.toList();
    }
  }

  /** An org policy whose reading fails: how a bug in applying one shows. */
  private static Map<String, Object> unreadable() {
    return new HashMap<>(Map.of("rules", List.of())) {
      @Override
      public Set<String> keySet() {
        throw new IllegalStateException("unreadable");
      }
    };
  }
}
