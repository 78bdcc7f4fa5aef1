package io.takumo.aegis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** The org policy from the gateway: read leniently as JSON, added to the local policy. */
class OrgPolicyTest {

  @TempDir Path dir;

  private final TestValues values = new TestValues();
  private final String acme = values.acmeKey();
  private final String aws = values.awsKeyId();
  private final String internal = "ACME-" + values.chars("0123456789abcdef", 24);
  private final List<String> warnings = new ArrayList<>();
  private final List<String> debug = new ArrayList<>();

  private static final String INTERNAL_RULE =
      "{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\",\"keywords\":[\"ACME-\"],\"hint\":\"acme\","
          + "\"description\":\"ACME internal token\"}";

  @SuppressWarnings("unchecked")
  private OrgPolicy org(String json) throws Exception {
    return OrgPolicy.parse(new ObjectMapper().readValue(json, Map.class), warnings::add, debug::add);
  }

  private DetectionPolicy local(String yaml) throws Exception {
    Path file = dir.resolve("policy.yaml");
    Files.writeString(file, yaml);
    return DetectionPolicy.of(AegisConfig.load(Map.of("takumo.aegis.policy", file.toString()), Map.of()).policySource());
  }

  private static List<String> found(DetectionPolicy policy, String text) {
    List<String> out = new ArrayList<>();
    for (Finding f : policy.detector().find(text)) {
      out.add(f.ruleId() + "=" + text.substring(f.start(), f.end()));
    }
    return out;
  }

  private void assertNoValueLogged() {
    for (String line : warnings) {
      for (String secretish : List.of(acme, aws, internal, "ACME-[0-9a-f]", "sk-fixture")) {
        assertFalse(line.contains(secretish), line);
      }
    }
  }

  @Test
  void rulesAndAllowlistAreAddedToTheBuiltIns() throws Exception {
    OrgPolicy org = org("{\"rules\":[" + INTERNAL_RULE + "],\"allowlist\":{\"values\":[\"" + aws + "\"]}}");
    assertEquals(1, org.customRuleCount());
    assertEquals(1, org.allowlistEntryCount());
    DetectionPolicy merged = DetectionPolicy.builtIn().withOrg(org, true, warnings::add, debug::add);
    String other = values.awsKeyId();
    assertEquals(List.of("acme-internal-token=" + internal, "aws-access-key-id=" + other),
        found(merged, internal + " " + aws + " " + other));
    assertEquals("ACME internal token", merged.description("acme-internal-token"));
    assertEquals("acme", merged.rules().get(merged.rules().size() - 1).hint());
    assertEquals(List.of(), warnings);
    assertEquals(List.of(), debug);
  }

  @Test
  void theMergeIsTheUnionOfBothPolicies() throws Exception {
    DetectionPolicy local = local(
        "rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n"
            + "allowlist:\n  values: [local-allowed]\n  paths: ['*.lock']\n"
            + "disable: [github-token]\ngeneric-names: [passcode]\n");
    OrgPolicy org = org("{\"rules\":[" + INTERNAL_RULE + "],\"allowlist\":{\"values\":[\"" + aws + "\"],"
        + "\"regexes\":[\"^AKIAEXAMPLE\"],\"paths\":[\"vendor\",\"src/test/**\"]},"
        + "\"disable\":[\"aws-access-key-id\"],\"generic-names\":[\"signing_key\"]}");
    assertEquals(4, org.allowlistEntryCount());
    DetectionPolicy merged = local.withOrg(org, true, warnings::add, debug::add);
    List<String> ids = new ArrayList<>();
    merged.rules().forEach(r -> ids.add(r.id()));
    assertFalse(ids.contains("github-token"), "the local disable stays");
    assertFalse(ids.contains("aws-access-key-id"), "the org disable is added");
    assertTrue(ids.containsAll(List.of("acme-key", "acme-internal-token")), ids.toString());
    assertEquals(List.of("acme-key=" + acme, "acme-internal-token=" + internal), found(merged, acme + " " + internal));
    String password = values.password();
    assertEquals(1, found(merged, "passcode = \"" + password + "\"").size(), "local generic name");
    assertEquals(1, found(merged, "signing_key = \"" + password + "\"").size(), "org generic name");
    assertTrue(merged.allowlist().allowsValue("local-allowed"));
    assertTrue(merged.allowlist().allowsValue(aws));
    assertTrue(merged.allowlist().allowsValue("AKIAEXAMPLE123"));
    assertTrue(merged.allowlist().skipsPath(Paths.get("a/b.lock")));
    assertTrue(merged.allowlist().skipsPath(Paths.get("x/vendor")));
    assertTrue(merged.allowlist().skipsPath(Paths.get("src/test/A.java")));
    assertEquals(List.of(), warnings);
    // The local policy itself is unchanged.
    assertTrue(found(local, aws).size() == 1 && !local.allowlist().allowsValue(aws));
  }

  @Test
  void anOrgRuleReplacesALocalRuleOfTheSameIdAndSaysSoInOneDebugLine() throws Exception {
    DetectionPolicy local = local(
        "rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n    description: local\n"
            + "  - id: other\n    regex: 'OTHER-[0-9]{6}'\n");
    OrgPolicy org = org("{\"rules\":[{\"id\":\"acme-key\",\"regex\":\"ACME-[0-9a-f]{24}\",\"description\":\"org\"}]}");
    DetectionPolicy merged = local.withOrg(org, true, warnings::add, debug::add);
    assertEquals(List.of("acme-key=" + internal), found(merged, acme + " " + internal));
    assertEquals("org", merged.description("acme-key"));
    assertEquals(1, found(merged, "OTHER-123456").size());
    assertEquals(1, debug.size(), debug.toString());
    assertTrue(debug.get(0).contains("acme-key") && debug.get(0).contains("replace"), debug.get(0));
  }

  @Test
  void aBadRuleIsSkippedWithOneWarningNamingItAndTheRestApplies() throws Exception {
    OrgPolicy org = org("{\"rules\":["
        + "{\"id\":\"broken\",\"regex\":\"ACME-([0-9a-f]{24}\"},"
        + "{\"regex\":\"no-id-[0-9]+\"},"
        + "\"not-an-object\","
        + "{\"id\":\"aws-access-key-id\",\"regex\":\"AKIA[A-Z0-9]{16}\"},"
        + "{\"id\":\"bad-hint\",\"regex\":\"x[0-9]+\",\"hint\":\"TOOLONG\"},"
        + INTERNAL_RULE + "," + INTERNAL_RULE + "],"
        + "\"allowlist\":{\"values\":[\"sk-fixture-1\"],\"regexes\":[\"(\",\"^ok\"]},"
        + "\"disable\":[\"no-such-rule\"],\"generic-names\":[\"pass code\",\"passcode\"]}");
    assertEquals(1, org.customRuleCount(), "only the good rule");
    assertEquals(2, org.allowlistEntryCount(), "the value and the good regex");
    assertEquals(9, warnings.size(), String.join("\n", warnings));
    assertTrue(warnings.get(0).startsWith("org policy from the gateway: disable: no built-in rule 'no-such-rule'"), warnings.get(0));
    assertTrue(warnings.get(1).contains("generic-names: entry 1 is not a name"), warnings.get(1));
    assertTrue(warnings.get(2).contains("rule 'broken': invalid regex") && warnings.get(2).contains("this rule is skipped"),
        warnings.get(2));
    assertTrue(warnings.get(3).contains("rules: entry 2 needs an id"), warnings.get(3));
    assertTrue(warnings.get(4).contains("rules: entry 3 must be an object"), warnings.get(4));
    assertTrue(warnings.get(5).contains("rule 'aws-access-key-id': id of a built-in rule"), warnings.get(5));
    assertTrue(warnings.get(6).contains("rule 'bad-hint': hint must be"), warnings.get(6));
    assertTrue(warnings.get(7).contains("rule 'acme-internal-token': a second rule of that id"), warnings.get(7));
    assertTrue(warnings.get(8).contains("allowlist: regex 1: invalid regex") && warnings.get(8).contains("skipped"),
        warnings.get(8));
    assertNoValueLogged();
    DetectionPolicy merged = DetectionPolicy.builtIn().withOrg(org, true, warnings::add, debug::add);
    assertEquals(List.of("acme-internal-token=" + internal, "aws-access-key-id=" + aws), found(merged, internal + " " + aws));
    assertTrue(merged.allowlist().allowsValue("ok-value"));
  }

  @Test
  void wrongShapesLeaveTheirSectionOutAndUnknownFieldsAreIgnored() throws Exception {
    OrgPolicy org = org("{\"rules\":{\"id\":\"x\"},\"allowlist\":[\"" + aws + "\"],\"disable\":{\"a\":1},"
        + "\"fail-mode\":\"open\",\"severity-levels\":{}}");
    assertEquals(0, org.customRuleCount());
    assertEquals(0, org.allowlistEntryCount());
    assertEquals(3, warnings.size(), String.join("\n", warnings));
    assertTrue(warnings.get(0).contains("disable must be a list"), warnings.get(0));
    assertTrue(warnings.get(1).contains("rules must be a list"), warnings.get(1));
    assertTrue(warnings.get(2).contains("allowlist must be an object"), warnings.get(2));
    assertEquals(1, debug.size());
    assertTrue(debug.get(0).contains("fail-mode, severity-levels"), debug.get(0));
    assertNoValueLogged();

    warnings.clear();
    debug.clear();
    OrgPolicy newer = org("{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\",\"severity\":\"high\"}],"
        + "\"allowlist\":{\"values\":[\"v\"],\"expires\":\"2027-01-01\"}}");
    assertEquals(1, newer.customRuleCount(), "a field a later gateway added does not cost the rule");
    assertEquals(1, newer.allowlistEntryCount());
    assertEquals(List.of(), warnings);
    assertTrue(debug.get(0).contains("rules[].severity") && debug.get(0).contains("allowlist.expires"), debug.get(0));
  }

  /**
   * Whoever answers the handshake must not be able to switch detection off: by default the org
   * policy's disable entries, its allowlist and its rules that reuse a local or built-in rule's id
   * are left out, one warning per kind with its count only; its new rules and names still apply.
   */
  @Test
  void byDefaultTheOrgPolicyOnlyAddsDetection() throws Exception {
    DetectionPolicy local = local("rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n");
    OrgPolicy org = org("{\"rules\":[" + INTERNAL_RULE + ","
        + "{\"id\":\"acme-key\",\"regex\":\"never-[0-9]{40}\"},"
        + "{\"id\":\"aws-access-key-id\",\"regex\":\"never-[a-z]{40}\"}],"
        + "\"allowlist\":{\"values\":[\"" + aws + "\"],\"regexes\":[\"^AKIA\",\"[\\\\s\\\\S]\"],\"paths\":[\"src/**\"]},"
        + "\"disable\":[\"aws-access-key-id\",\"github-token\"],\"generic-names\":[\"signing_key\"]}");
    assertEquals(List.of(), warnings);

    DetectionPolicy merged = local.withOrg(org, false, warnings::add, debug::add);

    assertEquals(List.of("acme-key=" + acme, "acme-internal-token=" + internal, "aws-access-key-id=" + aws),
        found(merged, acme + " " + internal + " " + aws), "local rule kept, org rule added, built-in still on");
    assertEquals(1, found(merged, "signing_key = \"" + values.password() + "\"").size(), "org generic name added");
    assertFalse(merged.allowlist().allowsValue(aws));
    assertFalse(merged.allowlist().skipsPath(Paths.get("src/A.java")));
    assertEquals(1, merged.org().customRuleCount());
    assertEquals(0, merged.org().allowlistEntryCount());
    assertEquals(List.of(
        "org policy from the gateway: ignored its 2 disable entries: they would relax the local policy, and the org policy"
            + " may only add detection (org-policy-may-relax is false)",
        "org policy from the gateway: ignored its 4 allowlist entries: they would relax the local policy, and the org policy"
            + " may only add detection (org-policy-may-relax is false)",
        "org policy from the gateway: ignored its 2 rules that reuse the id of a local or built-in rule: they would relax"
            + " the local policy, and the org policy may only add detection (org-policy-may-relax is false)"), warnings);
    assertEquals(List.of(), debug);

    warnings.clear();
    DetectionPolicy relaxed = local.withOrg(org, true, warnings::add, debug::add);
    assertEquals(List.of(), found(relaxed, acme + " " + aws), "org-policy-may-relax: true lets it relax");
    assertEquals(List.of(), warnings);
  }

  /**
   * An added rule cannot cut a local finding short either: in one detector its longer, overlapping
   * finding would win, and the rest of the local secret would go out as it is.
   */
  @Test
  void anOrgRuleOverlappingALocalFindingDoesNotDisplaceIt() throws Exception {
    String text = "the key right below: " + aws + " ok";
    OrgPolicy org = org("{\"rules\":[{\"id\":\"greedy\",\"regex\":\"[a-z :]{20}AKIA\"}]}");

    DetectionPolicy merged = DetectionPolicy.builtIn().withOrg(org, false, warnings::add, debug::add);
    assertEquals(List.of("aws-access-key-id=" + aws), found(merged, text), "the local finding, whole");
    assertEquals(List.of("greedy=he key right below: AKIA"), found(merged, "the key right below: AKIA-not-a-key"), "elsewhere it adds");

    List<String> relaxed = found(DetectionPolicy.builtIn().withOrg(org, true, warnings::add, debug::add), text);
    assertEquals(List.of("greedy=he key right below: AKIA"), relaxed, "merged as one detector, the org rule cuts the key short");
    assertEquals(List.of(), warnings);
  }

  /** An empty-match regex would allowlist every value: it is refused even where relaxing is allowed. */
  @Test
  void aRegexThatMatchesTheEmptyStringIsRefusedNamingTheEntryNeverThePattern() throws Exception {
    OrgPolicy org = org("{\"rules\":[{\"id\":\"everything\",\"regex\":\"(ACME-[0-9a-f]{24})?\"}," + INTERNAL_RULE + "],"
        + "\"allowlist\":{\"regexes\":[\"\",\".*\",\"\\\\b\",\"x*|y\",\"^ok_\"]}}");
    assertEquals(1, org.customRuleCount());
    assertEquals(1, org.allowlistEntryCount(), "only ^ok_");
    assertEquals(5, warnings.size(), String.join("\n", warnings));
    assertEquals("org policy from the gateway: rule 'everything': the regex matches the empty string, so it would match"
        + " everywhere; it must match at least one character; this rule is skipped, the rest of the org policy applies",
        warnings.get(0));
    for (int i = 1; i <= 4; i++) {
      assertEquals("org policy from the gateway: allowlist: regex " + i + ": the regex matches the empty string, so it"
          + " would match everywhere; it must match at least one character; that entry is skipped", warnings.get(i));
    }
    DetectionPolicy merged = DetectionPolicy.builtIn().withOrg(org, true, warnings::add, debug::add);
    assertEquals(List.of("aws-access-key-id=" + aws), found(merged, "key " + aws));
    assertTrue(merged.allowlist().allowsValue("ok_value"));
  }

  @Test
  void anEmptyOrgPolicyChangesNothing() throws Exception {
    DetectionPolicy local = local("rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n");
    assertSame(local, local.withOrg(OrgPolicy.NONE, false, warnings::add, debug::add));
    DetectionPolicy merged = local.withOrg(org("{}"), false, warnings::add, debug::add);
    assertEquals(found(local, acme + " " + aws), found(merged, acme + " " + aws));
    assertEquals(List.of(), warnings);
  }

  @Test
  void theProtocolDocumentsExampleApplies() throws Exception {
    String doc = Files.readString(Paths.get("..", "docs", "gateway-protocol.md"));
    int section = doc.indexOf("## The org policy");
    int start = doc.indexOf("```json\n", section) + "```json\n".length();
    OrgPolicy org = org(doc.substring(start, doc.indexOf("```", start)));
    assertEquals(List.of(), warnings);
    assertEquals(List.of(), debug);
    assertEquals(1, org.customRuleCount());
    assertEquals(4, org.allowlistEntryCount());
    DetectionPolicy merged = DetectionPolicy.builtIn().withOrg(org, true, warnings::add, debug::add);
    assertEquals(List.of("acme-internal-token=" + internal), found(merged, "ref " + internal + " AKIAQ2TESTALLOWEDXYZ"));
  }
}
