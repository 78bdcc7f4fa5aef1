package io.takumo.aegis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AegisConfigTest {

  @Test
  void defaultsApplyWithNoSource() {
    AegisConfig config = AegisConfig.load(Map.of(), Map.of());
    assertTrue(config.enabled());
    assertEquals(Mode.LOCAL, config.mode());
    assertEquals(FailMode.CLOSED, config.failMode());
    assertEquals(32L * 1024 * 1024, config.maxBodySize());
    assertEquals(100_000, config.vaultMaxSize());
    assertEquals(64L * 1024 * 1024, config.vaultMaxBytes());
    assertEquals(Duration.ofHours(12), config.vaultIdleExpiry());
    assertTrue(config.providerHosts().matches("api.openai.com", -1));
    assertTrue(config.providerHosts().matches("my-resource.openai.azure.com", 443));
    assertFalse(config.providerHosts().matches("example.com", -1));
  }

  @Test
  void propertyBeatsEnvironmentBeatsFileBeatsDefault(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, "fail-mode: open\nlog-level: warn\nvault-max-size: 7\nmax-body-size: 2MB\n");
    Map<String, String> env = Map.of(
        "TAKUMO_AEGIS_POLICY", policy.toString(),
        "TAKUMO_AEGIS_LOG_LEVEL", "error",
        "TAKUMO_AEGIS_VAULT_MAX_SIZE", "8");
    Map<String, String> props = Map.of("takumo.aegis.vault-max-size", "9");

    AegisConfig config = AegisConfig.load(props, env);

    assertEquals(9, config.vaultMaxSize(), "property over env");
    assertEquals("error", config.get(Setting.LOG_LEVEL), "env over file");
    assertEquals(FailMode.OPEN, config.failMode(), "file over default");
    assertEquals(2L * 1024 * 1024, config.maxBodySize());
  }

  @Test
  void vaultMaxBytesTakesTheSizeSuffixes() {
    assertEquals(512L * 1024, AegisConfig.load(Map.of("takumo.aegis.vault-max-bytes", "512KB"), Map.of()).vaultMaxBytes());
    assertEquals(1L << 30, AegisConfig.load(Map.of(), Map.of("TAKUMO_AEGIS_VAULT_MAX_BYTES", "1GB")).vaultMaxBytes());
  }

  @Test
  void observeModeAuditFileAndJmxAreRead() {
    AegisConfig config = AegisConfig.load(
        Map.of("takumo.aegis.audit-file", "/var/log/aegis-audit.jsonl", "takumo.aegis.jmx", "false"),
        Map.of("TAKUMO_AEGIS_MODE", "observe"));
    assertEquals(Mode.OBSERVE, config.mode());
    assertEquals("/var/log/aegis-audit.jsonl", config.auditFile());
    assertFalse(config.jmx());
    AegisConfig defaults = AegisConfig.load(Map.of(), Map.of());
    assertEquals("", defaults.auditFile());
    assertTrue(defaults.jmx());
  }

  @Test
  void providerHostsAddToTheBuiltInList() {
    AegisConfig config = AegisConfig.load(
        Map.of("takumo.aegis.provider-hosts", "llm.internal, proxy.local:8443, *.example.org"), Map.of());
    ProviderHosts hosts = config.providerHosts();
    assertTrue(hosts.matches("api.anthropic.com", 443));
    assertTrue(hosts.matches("LLM.internal", 80));
    assertTrue(hosts.matches("proxy.local", 8443));
    assertFalse(hosts.matches("proxy.local", 8080));
    assertTrue(hosts.matches("a.b.example.org", -1));
    assertFalse(hosts.matches("example.org.evil.com", -1));
  }

  @Test
  void policyFileListsAreAccepted(@TempDir Path dir) throws Exception {
    Path policy = dir.resolve("policy.yml");
    Files.writeString(policy, "provider-hosts:\n  - llm.internal\n  - \"*.corp.example\"\n");
    AegisConfig config = AegisConfig.load(Map.of("takumo.aegis.policy", policy.toString()), Map.of());
    assertTrue(config.providerHosts().matches("x.corp.example", -1));
    assertTrue(config.providerHosts().matches("llm.internal", -1));
  }

  @Test
  void invalidValuesNameTheSetting() {
    assertMessage("fail-mode must be closed or open, not 'shut'", Map.of("takumo.aegis.fail-mode", "shut"));
    assertMessage("mode must be local, gateway or observe, not 'cloud'", Map.of("takumo.aegis.mode", "cloud"));
    assertMessage("enabled must be true or false, not 'yes'", Map.of("takumo.aegis.enabled", "yes"));
    assertMessage("max-body-size must be a positive number, not '-1'", Map.of("takumo.aegis.max-body-size", "-1"));
    assertMessage("vault-max-bytes must be a positive number, not '0'", Map.of("takumo.aegis.vault-max-bytes", "0MB"));
    assertMessage("vault-idle-expiry must be a duration such as 30m, 12h or 7d, not 'soon'",
        Map.of("takumo.aegis.vault-idle-expiry", "soon"));
    assertMessage("log-level must be one of error, warn, info, debug, not 'loud'", Map.of("takumo.aegis.log-level", "loud"));
    assertMessage("provider-hosts entries are host, host:port or *.suffix, not 'https://x.com/v1'",
        Map.of("takumo.aegis.provider-hosts", "https://x.com/v1"));
  }

  @Test
  void gatewayModeNeedsAnApiKeyAndAnHttpUrl() {
    assertMessage("mode gateway needs an org API key: set TAKUMO_API_KEY", Map.of("takumo.aegis.mode", "gateway"));
    assertMessage("gateway-url must be an http(s) URL, not 'gateway.takumo.io'",
        Map.of("takumo.aegis.mode", "gateway", "takumo.aegis.gateway-url", "gateway.takumo.io"));
    AegisConfig ok = AegisConfig.load(Map.of("takumo.aegis.mode", "gateway"), Map.of("TAKUMO_API_KEY", "tk_org_123"));
    assertEquals(Mode.GATEWAY, ok.mode());
    assertFalse(ok.gatewayFallbackLocal());
  }

  @Test
  void gatewayFallbackIsNoneOrLocal() {
    assertMessage("gateway-fallback must be none or local, not 'direct'",
        Map.of("takumo.aegis.mode", "gateway", "takumo.aegis.api-key", "k", "takumo.aegis.gateway-fallback", "direct"));
    assertTrue(AegisConfig.load(Map.of("takumo.aegis.mode", "gateway"),
        Map.of("TAKUMO_API_KEY", "k", "TAKUMO_AEGIS_GATEWAY_FALLBACK", "LOCAL")).gatewayFallbackLocal());
  }

  @Test
  void aMissingOrBrokenPolicyFileIsOneClearLine(@TempDir Path dir) throws Exception {
    assertMessage("policy file /nope.yaml does not exist or is not a file", Map.of("takumo.aegis.policy", "/nope.yaml"));
    Path broken = dir.resolve("broken.yaml");
    Files.writeString(broken, "password: hunter2\n  bad: [indent\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AegisConfig.load(Map.of("takumo.aegis.policy", broken.toString()), Map.of()));
    assertTrue(e.getMessage().startsWith("policy file " + broken + " is not valid YAML"), e.getMessage());
    assertFalse(e.getMessage().contains("hunter2"), "the message quotes the file");
  }

  @Test
  void aPlainHttpGatewayIsRefusedExceptOnLoopback() {
    assertMessage("gateway-url must be https: plain http is allowed only to a gateway on this host (127.0.0.0/8, ::1,"
        + " localhost), not to gateway.corp.example",
        Map.of("takumo.aegis.mode", "gateway", "takumo.aegis.api-key", "k", "takumo.aegis.gateway-url", "http://gateway.corp.example/v1"));
    assertThrows(IllegalArgumentException.class, () -> AegisConfig.load(Map.of("takumo.aegis.mode", "gateway",
        "takumo.aegis.gateway-url", "http://127.0.0.1.evil.example/v1"), Map.of("TAKUMO_API_KEY", "k")));
    for (String loopback : new String[] {"http://127.0.0.1:8080/v1", "http://127.1.2.3/v1", "http://localhost:9/v1", "http://[::1]:9/v1"}) {
      assertEquals(loopback, AegisConfig.load(Map.of("takumo.aegis.mode", "gateway", "takumo.aegis.gateway-url", loopback),
          Map.of("TAKUMO_API_KEY", "k")).get(Setting.GATEWAY_URL));
    }
  }

  @Test
  void theGatewayPublicKeyIsPemBase64OrAFile(@TempDir Path dir) throws Exception {
    java.security.PublicKey key = io.takumo.aegis.protocol.GatewayKeys.generate().getPublic();
    String pem = io.takumo.aegis.protocol.GatewayKeys.pem(key);
    Path file = dir.resolve("gateway.pem");
    Files.writeString(file, pem);
    String base64 = java.util.Base64.getEncoder().encodeToString(key.getEncoded());
    for (String value : new String[] {pem, base64, file.toString()}) {
      assertEquals(java.util.List.of(key), AegisConfig.load(Map.of("takumo.aegis.mode", "gateway"),
          Map.of("TAKUMO_API_KEY", "k", "TAKUMO_GATEWAY_PUBLIC_KEY", value)).gatewayPublicKeys());
    }
    assertTrue(AegisConfig.load(Map.of("takumo.aegis.mode", "gateway"), Map.of("TAKUMO_API_KEY", "k")).gatewayPublicKeys().isEmpty());
    assertMessage("gateway-public-key is neither a PEM or base64 public key nor a readable file (NoSuchFileException)",
        Map.of("takumo.aegis.mode", "gateway", "takumo.aegis.api-key", "k", "takumo.aegis.gateway-public-key", "/nope.pem"));
    assertMessage("gateway-public-key: a public key is not valid base64",
        Map.of("takumo.aegis.mode", "gateway", "takumo.aegis.api-key", "k", "takumo.aegis.gateway-public-key", "MFkw!!"));
  }

  @Test
  void anApiKeyOthersCanReadIsOneWarning(@TempDir Path dir) throws Exception {
    assertEquals(1, AegisConfig.load(Map.of("takumo.aegis.mode", "gateway", "takumo.aegis.api-key", "tk_secret_1"), Map.of())
        .apiKeyWarnings().size());
    assertTrue(AegisConfig.load(Map.of("takumo.aegis.mode", "gateway"), Map.of("TAKUMO_API_KEY", "tk_secret_1"))
        .apiKeyWarnings().isEmpty());
    Path policy = dir.resolve("aegis.yaml");
    Files.writeString(policy, "mode: gateway\napi-key: tk_secret_1\n");
    Files.setPosixFilePermissions(policy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    java.util.List<String> warnings = AegisConfig.load(Map.of("takumo.aegis.policy", policy.toString()), Map.of()).apiKeyWarnings();
    assertEquals(1, warnings.size());
    assertTrue(warnings.get(0).contains("chmod 600") && !warnings.get(0).contains("tk_secret_1"), warnings.get(0));
    Files.setPosixFilePermissions(policy, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    assertTrue(AegisConfig.load(Map.of("takumo.aegis.policy", policy.toString()), Map.of()).apiKeyWarnings().isEmpty());
  }

  private static void assertMessage(String expected, Map<String, String> props) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AegisConfig.load(props, Map.of()));
    assertEquals(expected, e.getMessage());
  }
}
