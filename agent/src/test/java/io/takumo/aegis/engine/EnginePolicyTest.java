package io.takumo.aegis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.policy.TestValues;
import io.takumo.aegis.scope.RestoreScope;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's engine follows the same policy file as {@code scan}. */
class EnginePolicyTest {

  private final RestoreScope scope = new RestoreScope();

  @TempDir Path dir;

  private final TestValues values = new TestValues();
  private final String acme = values.acmeKey();
  private final String allowed = values.awsKeyId();
  private final String aws = values.awsKeyId();
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();

  private Engine engine(String policyYaml) throws Exception {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(policy, policyYaml);
    AegisConfig config = AegisConfig.load(Map.of("takumo.aegis.policy", policy.toString()), Map.of());
    return new Engine(config, new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true)));
  }

  private String protect(Engine engine) throws Exception {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"" + acme + " " + allowed + " " + aws + "\"}]}";
    byte[] sent = engine.protectRequest("api.openai.com", "application/json", null, body.getBytes(StandardCharsets.UTF_8), scope);
    return new String(sent, StandardCharsets.UTF_8);
  }

  @Test
  void customRulesAreTokenizedAndAllowlistedValuesLeftAlone() throws Exception {
    String sent = protect(engine(
        "rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n    keywords: [acme_]\n    hint: acme\n"
            + "allowlist:\n  values: ['" + allowed + "']\n"));
    assertFalse(sent.contains(acme), sent);
    assertTrue(sent.contains("TKM_acme_"), sent);
    assertTrue(sent.contains(" " + allowed + " "), sent);
    assertFalse(sent.contains(aws), sent);
    assertEquals("", logged.toString());
  }

  @Test
  void anInvalidPolicyIsLoggedOnceAndTheBuiltInRulesRun() throws Exception {
    Engine engine = engine("rules:\n  - id: acme-key\n    regex: 'acme_([A-Za-z0-9]{32}'\n");
    String sent = protect(engine);
    protect(engine);
    assertTrue(sent.contains(acme), "no custom rule: " + sent);
    assertFalse(sent.contains(aws) || sent.contains(allowed), sent);
    String log = logged.toString();
    assertEquals(1, log.lines().count(), log);
    assertTrue(log.contains("ERROR policy file ") && log.contains("rule 'acme-key': invalid regex")
        && log.contains("using the built-in rules only"), log);
  }
}
