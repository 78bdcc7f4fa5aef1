package io.takumo.aegis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.config.AegisConfig;
import io.takumo.aegis.detect.Finding;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionPolicyTest {

  @TempDir Path dir;

  private final TestValues values = new TestValues();
  private final String acme = values.acmeKey();
  private final String aws = values.awsKeyId();
  private final String password = values.password();

  private AegisConfig config(String yaml) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return AegisConfig.load(Map.of("takumo.aegis.policy", file.toString()), Map.of());
  }

  private PolicySource source(String yaml) throws Exception {
    return config(yaml).policySource();
  }

  private static List<String> found(DetectionPolicy policy, String text) {
    List<String> out = new ArrayList<>();
    for (Finding f : policy.detector().find(text)) {
      out.add(f.ruleId() + "=" + text.substring(f.start(), f.end()));
    }
    return out;
  }

  private static final String ACME_RULE =
      "rules:\n"
          + "  - id: acme-key\n"
          + "    regex: 'acme_([A-Za-z0-9]{32})\\b'\n"
          + "    keywords: [ACME_]\n"
          + "    secret-group: 1\n"
          + "    min-entropy: 3\n"
          + "    description: ACME API key\n"
          + "    hint: acme\n";

  @Test
  void customRuleFindsItsGroupAlongsideTheBuiltIns() throws Exception {
    DetectionPolicy policy = DetectionPolicy.of(source(ACME_RULE));
    String text = "key " + acme + " and " + aws;
    assertEquals(List.of("acme-key=" + acme.substring(5), "aws-access-key-id=" + aws), found(policy, text));
    assertEquals("ACME API key", policy.description("acme-key"));
    assertEquals("acme", policy.rules().get(policy.rules().size() - 1).hint());
  }

  @Test
  void customRuleRespectsItsMinimumEntropy() throws Exception {
    DetectionPolicy policy = DetectionPolicy.of(source(ACME_RULE));
    assertEquals(List.of(), found(policy, "acme_" + "ab".repeat(16)));
  }

  @Test
  void allowlistedValuesAreNeverFound() throws Exception {
    String other = values.awsKeyId();
    DetectionPolicy policy = DetectionPolicy.of(source(
        "allowlist:\n  values: ['" + aws + "']\n  regexes: ['^AKIA.*Q$']\n"));
    String allowedByRegex = other.substring(0, 19) + "Q";
    String text = aws + " " + allowedByRegex + " " + other.substring(0, 19) + "Z";
    assertEquals(List.of("aws-access-key-id=" + other.substring(0, 19) + "Z"), found(policy, text));
    assertEquals(List.of(), policy.detector().findNamed("db_password", aws));
  }

  @Test
  void disabledRulesAreNotRun() throws Exception {
    DetectionPolicy policy = DetectionPolicy.of(source("disable: [aws-access-key-id]\n"));
    assertEquals(List.of(), found(policy, "id " + aws));
    assertTrue(policy.rules().stream().noneMatch(r -> r.id().equals("aws-access-key-id")));
  }

  @Test
  void disableAlsoComesFromTheEnvironment() {
    AegisConfig config = AegisConfig.load(Map.of(), Map.of("TAKUMO_AEGIS_DISABLE", "aws-access-key-id"));
    assertEquals(List.of(), found(DetectionPolicy.of(config.policySource()), "id " + aws));
  }

  @Test
  void extraGenericNamesMakeTheirValuesSecrets() throws Exception {
    String text = "passcode = \"" + password + "\"\nSIGNING_KEY: " + password;
    assertEquals(List.of(), found(DetectionPolicy.builtIn(), text));
    DetectionPolicy policy = DetectionPolicy.of(source("generic-names: [passcode, signing_key]\n"));
    assertEquals(2, found(policy, text).size(), found(policy, text).toString());
    assertTrue(found(policy, text).stream().allMatch(f -> f.endsWith("=" + password)));
  }

  @Test
  void badRegexIsOneErrorNamingTheRuleAndTheBuiltInsStillRun() throws Exception {
    AegisConfig config = config(
        "rules:\n  - id: broken-rule\n    regex: 'abc(['\nallowlist:\n  values: ['" + aws + "']\n");
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> DetectionPolicy.of(config.policySource()));
    assertTrue(e.getMessage().startsWith("rule 'broken-rule': invalid regex"), e.getMessage());
    List<String> errors = new ArrayList<>();
    DetectionPolicy policy = DetectionPolicy.orBuiltIn(config.policySource(), errors::add);
    assertEquals(1, errors.size());
    assertTrue(errors.get(0).contains("rule 'broken-rule'") && errors.get(0).endsWith("using the built-in rules only"));
    assertEquals(List.of("aws-access-key-id=" + aws), found(policy, aws));
  }

  @Test
  void everyMistakeNamesWhereItIs() throws Exception {
    assertError("rule 'r1': unknown field 'regexp'", "rules:\n  - id: r1\n    regexp: x\n");
    assertError("rule 'r1': no regex", "rules:\n  - id: r1\n");
    assertError("rules: entry 2 needs an id", "rules:\n  - id: r1\n    regex: a\n  - regex: b\n");
    assertError("rule 'r1': secret-group must be the number of a group in the regex (it has 1)", "rules:\n  - id: r1\n    regex: 'a(b)'\n    secret-group: 2\n");
    assertError("rule 'r1': min-entropy must be", "rules:\n  - id: r1\n    regex: a\n    min-entropy: lots\n");
    assertError("rule 'r1': hint must be", "rules:\n  - id: r1\n    regex: a\n    hint: TOO-LONG\n");
    assertError("rule 'aws-access-key-id': id already in use", "rules:\n  - id: aws-access-key-id\n    regex: a\n");
    assertError("disable: no built-in rule no-such-rule", "disable: [no-such-rule]\n");
    assertError("generic-names: 'pass code' is not a name", "generic-names: ['pass code']\n");
    assertError("allowlist: unknown field 'value'", "allowlist:\n  value: [x]\n");
    assertError("allowlist: regex 1: invalid regex", "allowlist:\n  regexes: ['(']\n");
    assertError("rules must be a list", "rules: x\n");
    assertError("rule 'r1': keywords must be printable ASCII", "rules:\n  - id: r1\n    regex: a\n    keywords: ['é']\n");
  }

  @Test
  void aReplacedBuiltInMayReuseItsId() throws Exception {
    DetectionPolicy policy = DetectionPolicy.of(source(
        "disable: [aws-access-key-id]\nrules:\n  - id: aws-access-key-id\n    regex: 'AKIA[A-Z2-7]{16}'\n"));
    assertEquals(List.of("aws-access-key-id=" + aws), found(policy, aws));
  }

  @Test
  void jsonPoliciesWorkToo() throws Exception {
    DetectionPolicy policy = DetectionPolicy.of(source(
        "{\"rules\":[{\"id\":\"acme-key\",\"regex\":\"acme_[A-Za-z0-9]{32}\"}],\"disable\":[\"aws-access-key-id\"]}"));
    assertEquals(List.of("acme-key=" + acme), found(policy, acme + " " + aws));
  }

  /** Field names in snake or camel case, and the usual other names, read as the documented ones. */
  @Test
  void fieldNamesInAnyCaseStyleAreRead() throws Exception {
    DetectionPolicy policy = DetectionPolicy.of(source(
        "rules:\n"
            + "  - id: acme-key\n"
            + "    regex: 'acme_([A-Za-z0-9]{32})'\n"
            + "    secretGroup: 1\n"
            + "    MIN_ENTROPY: 3\n"
            + "allowList:\n"
            + "  values: ['" + password + "']\n"
            + "disabledRules: [aws-access-key-id]\n"
            + "generic_names: [passcode]\n"));
    assertEquals(
        List.of("acme-key=" + acme.substring(5), "secret-assignment=Zq8Wm3Rt6Yp1"),
        found(policy, acme + " " + aws + " password=" + password + " passcode=Zq8Wm3Rt6Yp1"));
  }

  @Test
  void pathGlobsMatchNamesAnywhereOrPathsFromTheRoot() throws Exception {
    Allowlist allowlist = DetectionPolicy.of(source(
        "allowlist:\n  paths: ['*.lock', node_modules, 'src/test/**']\n")).allowlist();
    assertTrue(allowlist.skipsPath(Paths.get("a/b/yarn.lock")));
    assertTrue(allowlist.skipsPath(Paths.get("web/node_modules")));
    assertTrue(allowlist.skipsPath(Paths.get("src/test/java/A.java")));
    assertFalse(allowlist.skipsPath(Paths.get("src/main/java/A.java")));
    assertFalse(allowlist.skipsPath(Paths.get("lib/test/A.java")));
  }

  /** A policy file's regex that matches the empty string would match every value: refused, the pattern never quoted. */
  @Test
  void aPolicyFileRegexThatMatchesTheEmptyStringIsInvalid() throws Exception {
    String problem = ": the regex matches the empty string, so it would match everywhere; it must match at least one character";
    assertEquals("rule 'acme-key'" + problem, error("rules:\n  - id: acme-key\n    regex: '(?:acme_[a-z]{32})?'\n"));
    assertEquals("rule 'acme-key'" + problem, error("rules:\n  - id: acme-key\n    regex: '\\b'\n"));
    for (String regex : List.of("''", "'.*'", "'(?m)^'", "'\\B'", "'[a-z]{0,3}'", "'a|'")) {
      assertEquals("allowlist: regex 2" + problem, error("allowlist:\n  regexes: ['^dummy_', " + regex + "]\n"), regex);
    }
    DetectionPolicy policy = DetectionPolicy.of(source("allowlist:\n  regexes: ['^dummy_', '\\bfixture\\b']\n"));
    assertTrue(policy.allowlist().allowsValue("a fixture value"));
    assertFalse(policy.allowlist().allowsValue(aws));
  }

  @Test
  void theReadmesExamplePolicyLoads() throws Exception {
    String readme = Files.readString(Paths.get("..", "README.md"));
    int section = readme.indexOf("### Detection policy");
    int start = readme.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = readme.substring(start, readme.indexOf("```", start));
    DetectionPolicy policy = DetectionPolicy.of(source(yaml));
    assertTrue(policy.rules().stream().anyMatch(r -> r.id().equals("acme-api-key")));
  }

  private String error(String yaml) throws Exception {
    AegisConfig config = config(yaml);
    return assertThrows(InvalidPolicyException.class, () -> DetectionPolicy.of(config.policySource()), yaml).getMessage();
  }

  private void assertError(String expectedStart, String yaml) throws Exception {
    AegisConfig config = config(yaml);
    InvalidPolicyException e = assertThrows(InvalidPolicyException.class, () -> DetectionPolicy.of(config.policySource()), yaml);
    assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
  }
}
