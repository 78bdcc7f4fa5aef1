package io.takumo.aegis.server.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpstreamGuardTest {
  private final UpstreamGuard defaults = new UpstreamGuard(Map.of(), false);

  @Test
  void requestsGoToTheProvidersOriginWithTheClientsPathAndQuery() {
    assertEquals(Optional.of(URI.create("https://api.openai.com/v1/chat/completions")),
        defaults.target(Provider.OPENAI, "/v1/chat/completions", null));
    assertEquals(Optional.of(URI.create("https://generativelanguage.googleapis.com/v1beta/models/m:streamGenerateContent?alt=sse")),
        defaults.target(Provider.GEMINI, "/v1beta/models/m:streamGenerateContent", "alt=sse"));
    UpstreamGuard prefixed = new UpstreamGuard(Map.of(Provider.OPENAI, URI.create("https://proxy.example.com/openai/")), false);
    assertEquals(Optional.of(URI.create("https://proxy.example.com/openai/v1/models")), prefixed.target(Provider.OPENAI, "/v1/models", ""));
  }

  @Test
  void aPathThatCouldLeaveTheOriginOrItsPrefixIsRefused() {
    for (String path : new String[] {"//evil.example.com/x", "/v1/../../admin", "/v1/..", "\\\\evil", "/v1/chat completions",
        "v1/models", "/v1/%0d%0a".replace("%0d%0a", "\r\n")}) {
      assertEquals(Optional.empty(), defaults.target(Provider.OPENAI, path, null), path);
    }
    assertEquals(Optional.empty(), defaults.target(Provider.OPENAI, "/v1/models", "a=1 HTTP/1.1\r\nHost: evil"));
    UpstreamGuard atUserInfo = new UpstreamGuard(Map.of(), false);
    assertEquals(Optional.empty(), atUserInfo.target(Provider.OPENAI, "@evil.example.com/x", null));
  }

  private static Optional<String> agent(UpstreamGuard guard, String method, String upstream, boolean anthropicVersion) {
    return guard.agentTarget(method, upstream, anthropicVersion).map(t -> t.route().provider().id() + " " + t.target());
  }

  @Test
  void anAgentsUpstreamMustBeAProvidersOriginAndOperation() {
    assertEquals(Optional.of("anthropic https://api.anthropic.com/v1/messages"),
        agent(defaults, "POST", "https://api.anthropic.com/v1/messages", false));
    assertEquals(Optional.of("openai https://api.openai.com/v1/models"), agent(defaults, "GET", "https://API.OPENAI.COM:443/v1/models", false),
        "sent to the base URL");
    assertEquals(Optional.of("gemini https://generativelanguage.googleapis.com/v1beta/models/g:generateContent?alt=sse"),
        agent(defaults, "POST", "https://generativelanguage.googleapis.com/v1beta/models/g:generateContent?alt=sse", false));
    assertEquals(Optional.empty(), agent(defaults, "POST", "http://api.openai.com/v1/chat/completions", false), "scheme");
    assertEquals(Optional.empty(), agent(defaults, "POST", "https://api.openai.com:8443/v1/chat/completions", false), "port");
    assertEquals(Optional.empty(), agent(defaults, "POST", "https://api.openai.com.evil.example/v1/chat/completions", false));
    assertEquals(Optional.empty(), agent(defaults, "POST", "https://x@api.openai.com/v1/chat/completions", false), "user info");
    assertEquals(Optional.empty(), agent(defaults, "GET", "https://169.254.169.254/latest/meta-data", false));
    assertEquals(Optional.empty(), agent(defaults, "POST", "https://api.openai.com/v1/files", false), "not an operation it forwards");
    assertEquals(Optional.empty(), agent(defaults, "POST", "https://api.openai.com/v1/messages", false), "another provider's path");
    assertEquals(Optional.empty(), agent(defaults, "POST", "https://api.openai.com/v1/../admin", false));
    assertEquals(Optional.empty(), agent(defaults, "POST", "not a url", false));
  }

  @Test
  void anAgentsUpstreamOnAProvidersPublicHostGoesToItsConfiguredBaseUrl() {
    UpstreamGuard standIn = new UpstreamGuard(Map.of(Provider.OPENAI, URI.create("http://127.0.0.1:9000/openai"),
        Provider.ANTHROPIC, URI.create("http://127.0.0.1:9000")), true);
    assertEquals(Optional.of("openai http://127.0.0.1:9000/openai/v1/chat/completions?x=1"),
        agent(standIn, "POST", "https://api.openai.com/v1/chat/completions?x=1", false));
    assertEquals(Optional.of("openai http://127.0.0.1:9000/openai/v1/chat/completions"),
        agent(standIn, "POST", "http://127.0.0.1:9000/openai/v1/chat/completions", false), "the configured base URL itself");
    assertEquals(Optional.of("anthropic http://127.0.0.1:9000/v1/messages"),
        agent(standIn, "POST", "http://127.0.0.1:9000/v1/messages", false), "one stand-in for two providers: by operation");
    assertEquals(Optional.of("anthropic http://127.0.0.1:9000/v1/messages"),
        agent(standIn, "POST", "https://api.anthropic.com/v1/messages", false));
    assertEquals(Optional.empty(), agent(standIn, "POST", "http://127.0.0.1:9001/v1/messages", false), "another port");
  }

  @Test
  void privateOrPlainHttpBaseUrlsNeedTheOperatorsConsent() {
    for (String url : new String[] {"https://127.0.0.1:9000", "https://10.1.2.3", "https://192.168.1.1", "https://172.16.0.1",
        "https://169.254.169.254", "https://[::1]:8443", "https://[fd00::1]", "https://localhost:8443", "https://0.0.0.0",
        "https://100.64.0.1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> new UpstreamGuard(Map.of(Provider.OPENAI, URI.create(url)), false), url);
      assertTrue(e.getMessage().startsWith("--openai-base-url: ") && e.getMessage().contains("--allow-private-upstreams"), e.getMessage());
    }
    assertEquals("--anthropic-base-url: plain http needs --allow-private-upstreams", assertThrows(IllegalArgumentException.class,
        () -> new UpstreamGuard(Map.of(Provider.ANTHROPIC, URI.create("http://api.anthropic.com")), false)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new UpstreamGuard(Map.of(Provider.OPENAI, URI.create("https://u:p@api.openai.com")), true));
    assertThrows(IllegalArgumentException.class, () -> new UpstreamGuard(Map.of(Provider.OPENAI, URI.create("ftp://api.openai.com")), true));
    UpstreamGuard allowed = new UpstreamGuard(Map.of(Provider.OPENAI, URI.create("http://127.0.0.1:9000")), true);
    assertEquals(Optional.of(URI.create("http://127.0.0.1:9000/v1/models")), allowed.target(Provider.OPENAI, "/v1/models", null));
  }

  @Test
  void routesUnknownToTheGatewayAreNotForwarded() {
    assertEquals(Optional.empty(), ProviderRoute.of("POST", "/v1/files", false));
    assertEquals(Optional.empty(), ProviderRoute.of("POST", "/v1/audio/transcriptions", false));
    assertEquals(Optional.empty(), ProviderRoute.of("DELETE", "/v1/models/ft-1", false));
    assertEquals(Optional.empty(), ProviderRoute.of("POST", "/admin/v1/keys", false));
    assertEquals(Optional.empty(), ProviderRoute.of("POST", "/v1beta/models/m:tuneModel", false));
  }
}
