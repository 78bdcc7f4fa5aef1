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

  @Test
  void onlyTheConfiguredOriginsAreProviders() {
    assertEquals(Optional.of(Provider.ANTHROPIC), defaults.providerOf(URI.create("https://api.anthropic.com/v1/messages")));
    assertEquals(Optional.of(Provider.OPENAI), defaults.providerOf(URI.create("https://API.OPENAI.COM:443/v1/models")));
    assertEquals(Optional.empty(), defaults.providerOf(URI.create("http://api.openai.com/v1/models")), "scheme");
    assertEquals(Optional.empty(), defaults.providerOf(URI.create("https://api.openai.com:8443/v1/models")), "port");
    assertEquals(Optional.empty(), defaults.providerOf(URI.create("https://api.openai.com.evil.example/v1")), "host");
    assertEquals(Optional.empty(), defaults.providerOf(URI.create("https://x@api.openai.com/v1/models")), "user info");
    assertEquals(Optional.empty(), defaults.providerOf(URI.create("https://169.254.169.254/latest/meta-data")));
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
