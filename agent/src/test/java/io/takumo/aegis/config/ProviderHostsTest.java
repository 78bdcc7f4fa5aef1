package io.takumo.aegis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderHostsTest {

  @Test
  void awsEndpointsAreNeverProviderHostsEvenWhenListed() {
    ProviderHosts hosts = ProviderHosts.withBuiltIns(
        "bedrock-runtime.us-east-1.amazonaws.com, *.amazonaws.com, bedrock-runtime.eu-west-1.amazonaws.com:443,"
            + " Bedrock-Runtime.cn-north-1.amazonaws.com.cn, amazonaws.com, llm.internal");

    assertFalse(hosts.matches("bedrock-runtime.us-east-1.amazonaws.com", -1));
    assertFalse(hosts.matches("bedrock-runtime.eu-west-1.amazonaws.com", 443));
    assertFalse(hosts.matches("bedrock-runtime.cn-north-1.amazonaws.com.cn", -1));
    assertFalse(hosts.matches("amazonaws.com", -1));
    assertTrue(hosts.matches("llm.internal", -1), "the other entries still count");
    assertEquals(List.of("bedrock-runtime.us-east-1.amazonaws.com", "*.amazonaws.com",
        "bedrock-runtime.eu-west-1.amazonaws.com:443", "Bedrock-Runtime.cn-north-1.amazonaws.com.cn", "amazonaws.com"),
        hosts.refused());
  }

  @Test
  void aBroadSuffixDoesNotReachAwsEndpoints() {
    ProviderHosts hosts = ProviderHosts.withBuiltIns("*.com");

    assertTrue(hosts.matches("llm.example.com", -1));
    assertFalse(hosts.matches("bedrock-runtime.us-west-2.amazonaws.com", -1));
    assertFalse(hosts.matches("BEDROCK-RUNTIME.US-WEST-2.AMAZONAWS.COM", -1));
    assertTrue(hosts.refused().isEmpty());
  }

  @Test
  void lookAlikeDomainsAreNotAws() {
    ProviderHosts hosts = ProviderHosts.withBuiltIns("notamazonaws.com, amazonaws.com.example.org");

    assertTrue(hosts.matches("notamazonaws.com", -1));
    assertTrue(hosts.matches("amazonaws.com.example.org", -1));
    assertTrue(hosts.refused().isEmpty());
  }

  @Test
  void nothingIsRefusedByDefault() {
    assertTrue(ProviderHosts.withBuiltIns("").refused().isEmpty());
  }

  @Test
  void anEntryForADefaultPortCoversRequestsThatGiveNoPort() {
    ProviderHosts hosts = ProviderHosts.withBuiltIns("llm.internal:443, plain.internal:80, odd.internal:8443");
    assertTrue(hosts.matches("llm.internal", -1), "https://llm.internal/... is port 443");
    assertTrue(hosts.matches("llm.internal", 443));
    assertTrue(hosts.matches("plain.internal", -1), "http://plain.internal/... is port 80");
    assertFalse(hosts.matches("odd.internal", -1), "only port 8443 was listed");
    assertFalse(hosts.matches("llm.internal", 8443));
  }
}
