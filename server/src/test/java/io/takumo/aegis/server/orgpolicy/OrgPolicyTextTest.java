package io.takumo.aegis.server.orgpolicy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class OrgPolicyTextTest {

  private static String refused(String text) {
    return assertThrows(IllegalArgumentException.class, () -> OrgPolicyText.validate(text)).getMessage();
  }

  @Test
  void aValidPolicyIsKeptAsCompactJson() {
    assertEquals("{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\",\"hint\":\"acme\"}],"
        + "\"generic-names\":[\"passcode\"]}", OrgPolicyText.validate("{ \"rules\": [ {\"id\": \"acme-internal-token\","
        + " \"regex\": \"ACME-[0-9a-f]{24}\", \"hint\": \"acme\"} ],\n \"generic-names\": [\"passcode\"] }"));
    assertEquals("{}", OrgPolicyText.validate("{}"));
  }

  @Test
  void badJsonOrABadEntryIsOneLineNamingTheEntryNeverItsPattern() {
    assertEquals("the org policy is not valid JSON (line 1, column 11)", refused("{\"rules\":[}"));
    assertEquals("the org policy is not a JSON object", refused("[1]"));
    String badRegex = refused("{\"rules\":[{\"id\":\"r1\",\"regex\":\"SECRETPATTERN(\"}]}");
    assertEquals("invalid org policy: rule 'r1': invalid regex: missing closing )", badRegex);
    assertFalse(badRegex.contains("SECRETPATTERN"));
    assertEquals("invalid org policy: rule 'r2': the regex matches the empty string, so it would match everywhere;"
        + " it must match at least one character", refused("{\"rules\":[{\"id\":\"r2\",\"regex\":\"x*\"}]}"));
    assertEquals("invalid org policy: unknown field(s): rule", refused("{\"rule\":[]}"));
    assertEquals("invalid org policy: disable: no built-in rule 'nosuch'", refused("{\"disable\":[\"nosuch\"]}"));
    assertEquals("the org policy is not valid JSON (line 1, column 10)", refused("{\"a\":1} x"));
  }
}
