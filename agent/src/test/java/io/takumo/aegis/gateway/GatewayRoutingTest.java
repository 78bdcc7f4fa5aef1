package io.takumo.aegis.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class GatewayRoutingTest {

  private static final URI SAAS = URI.create("https://gateway.takumo.io/v1");

  private static String route(URI base, String original) {
    return GatewayRouting.gatewayUri(base, URI.create(original)).toString();
  }

  @Test
  void aProviderVersionSegmentEqualToTheBasesLastSegmentIsNotRepeated() {
    assertEquals("https://gateway.takumo.io/v1/chat/completions", route(SAAS, "https://api.openai.com/v1/chat/completions"));
    assertEquals("https://gateway.takumo.io/v1/messages", route(SAAS, "https://api.anthropic.com/v1/messages"));
    assertEquals("https://gateway.takumo.io/v1/responses", route(SAAS, "https://api.openai.com/v1/responses"));
  }

  @Test
  void otherPathsAreAppendedWholeWithTheirQuery() {
    assertEquals("https://gateway.takumo.io/v1/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
        route(SAAS, "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"));
    assertEquals("https://gateway.takumo.io/v1/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21",
        route(SAAS, "https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21"));
    assertEquals("https://gateway.takumo.io/v1/openai/v1/chat/completions",
        route(SAAS, "https://api.groq.com/openai/v1/chat/completions"));
    assertEquals("https://gateway.takumo.io/v1/v10/chat", route(SAAS, "https://api.example.com/v10/chat"));
  }

  @Test
  void onPremBasesWithAPortATrailingSlashOrNoPath() {
    assertEquals("http://127.0.0.1:8080/takumo/v1/chat/completions",
        route(URI.create("http://127.0.0.1:8080/takumo/v1/"), "https://api.openai.com/v1/chat/completions"));
    assertEquals("https://gw.corp.example/v1/chat/completions",
        route(URI.create("https://gw.corp.example"), "https://api.openai.com/v1/chat/completions"));
    assertEquals("https://gw.corp.example/v1",
        route(URI.create("https://gw.corp.example/v1"), "https://api.openai.com/v1"));
  }

  @Test
  void escapedCharactersStayEscaped() {
    assertEquals("https://gateway.takumo.io/v1/files/a%20b?q=x%2By",
        route(SAAS, "https://api.openai.com/v1/files/a%20b?q=x%2By"));
  }

  @Test
  void theUpstreamHeaderIsTheWholeOriginalUrl() {
    assertEquals("https://api.openai.com/v1/chat/completions",
        GatewayRouting.upstream(URI.create("https://api.openai.com/v1/chat/completions")));
    assertEquals("http://127.0.0.1:9/v1beta/models/m:generateContent?key=k",
        GatewayRouting.upstream(URI.create("http://127.0.0.1:9/v1beta/models/m:generateContent?key=k")));
  }

  @Test
  void protocolEndpointsLiveUnderUnderscoreTakumo() {
    assertEquals("https://gateway.takumo.io/v1/_takumo/session", GatewayRouting.protocolUri(SAAS, "_takumo/session").toString());
    assertEquals("http://h:1/_takumo/session", GatewayRouting.protocolUri(URI.create("http://h:1/"), "_takumo/session").toString());
  }
}
