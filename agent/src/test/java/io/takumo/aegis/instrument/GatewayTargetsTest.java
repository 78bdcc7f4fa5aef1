package io.takumo.aegis.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class GatewayTargetsTest {

  @Test
  void theOriginalUriIsTheOneTheAppAddressedWithoutTheSchemesDefaultPort() {
    assertEquals(URI.create("https://api.openai.com/v1/chat/completions"),
        GatewayTargets.original("https", "api.openai.com", -1, "/v1/chat/completions"));
    // Jetty fills the default port in.
    assertEquals(URI.create("https://api.openai.com/v1/chat/completions"),
        GatewayTargets.original("https", "api.openai.com", 443, "/v1/chat/completions"));
    assertEquals(URI.create("http://127.0.0.1:8080/v1/models/m:generateContent?alt=sse"),
        GatewayTargets.original("http", "127.0.0.1", 8080, "/v1/models/m:generateContent?alt=sse"));
    assertEquals(URI.create("https://[::1]:8443/v1"), GatewayTargets.original("https", "::1", 8443, "/v1"));
    assertEquals(URI.create("http://example.com/"), GatewayTargets.original(null, "example.com", 80, null));
  }

  @Test
  void anAbsoluteFormRequestTargetWins() {
    assertEquals(URI.create("https://api.anthropic.com/v1/messages"),
        GatewayTargets.original("http", "proxy.local", 3128, "https://api.anthropic.com/v1/messages"));
  }

  @Test
  void theGatewaysRequestTargetAndPort() {
    URI gateway = URI.create("https://gateway.takumo.io/v1/models/m:streamGenerateContent?alt=sse");
    assertEquals("/v1/models/m:streamGenerateContent?alt=sse", GatewayTargets.pathAndQuery(gateway));
    assertEquals("/", GatewayTargets.pathAndQuery(URI.create("http://gw.local")));
    assertEquals(443, GatewayTargets.port(gateway));
    assertEquals(80, GatewayTargets.port(URI.create("http://gw.local/v1")));
    assertEquals(8443, GatewayTargets.port(URI.create("https://gw.local:8443/v1")));
  }
}
