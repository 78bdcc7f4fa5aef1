package io.takumo.aegis.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProxyChoiceTest {

  private static final URI GATEWAY = URI.create("https://gateway.takumo.io/v1/_takumo/session");

  @Test
  void theEnvironmentsHttpsProxyIsUsedUnlessNoProxyExcludesTheHost() {
    ProxyChoice env = new ProxyChoice(Map.of(), Map.of("HTTPS_PROXY", "http://proxy.corp:3128"));
    Proxy p = env.forUri(GATEWAY);
    assertEquals(Proxy.Type.HTTP, p.type());
    assertEquals("proxy.corp", ((InetSocketAddress) p.address()).getHostString());
    assertEquals(3128, ((InetSocketAddress) p.address()).getPort());
    assertEquals(Proxy.NO_PROXY,
        new ProxyChoice(Map.of(), Map.of("https_proxy", "proxy.corp:3128", "no_proxy", "localhost,.takumo.io")).forUri(GATEWAY));
    assertEquals(Proxy.NO_PROXY, new ProxyChoice(Map.of(), Map.of()).forUri(GATEWAY));
    assertEquals(Proxy.NO_PROXY, new ProxyChoice(Map.of(), Map.of("HTTP_PROXY", "http://p:1")).forUri(GATEWAY),
        "HTTP_PROXY is for http:// gateways");
  }

  @Test
  void noProxyEntries() {
    assertTrue(ProxyChoice.excluded("gateway.takumo.io", "takumo.io"));
    assertTrue(ProxyChoice.excluded("gateway.takumo.io", " .takumo.io "));
    assertTrue(ProxyChoice.excluded("gateway.takumo.io", "gateway.takumo.io:443"));
    assertTrue(ProxyChoice.excluded("anything", "*"));
    assertFalse(ProxyChoice.excluded("gateway.takumo.io", "mo.io,example.com"));
    assertFalse(ProxyChoice.excluded("gateway.takumo.io", ""));
  }

  @Test
  void theJvmsProxyPropertiesWinOverTheEnvironment() {
    String[] keys = {"https.proxyHost", "https.proxyPort", "http.nonProxyHosts"};
    try {
      System.setProperty("https.proxyHost", "jvmproxy.corp");
      System.setProperty("https.proxyPort", "8443");
      ProxyChoice choice = new ProxyChoice(System.getProperties(), Map.of("HTTPS_PROXY", "http://envproxy:1"));
      Proxy p = choice.forUri(GATEWAY);
      assertEquals("jvmproxy.corp", ((InetSocketAddress) p.address()).getHostString());
      assertEquals(8443, ((InetSocketAddress) p.address()).getPort());
      System.setProperty("http.nonProxyHosts", "*.takumo.io");
      assertEquals(Proxy.NO_PROXY, choice.forUri(GATEWAY));
    } finally {
      for (String k : keys) {
        System.clearProperty(k);
      }
    }
  }

  @Test
  void aProxyUserAndPasswordAreNoticedNeverUsedNorShown() {
    ProxyChoice env = new ProxyChoice(Map.of(), Map.of("HTTPS_PROXY", "http://alice:s3cret-pw@proxy.corp:3128"));
    assertTrue(env.envProxyHasCredentials());
    Proxy p = env.forUri(GATEWAY);
    assertEquals("proxy.corp", ((InetSocketAddress) p.address()).getHostString());
    assertFalse(p.toString().contains("s3cret-pw") || p.toString().contains("alice"), p.toString());
    assertFalse(ProxyChoice.CREDENTIALS_IGNORED.contains("s3cret-pw"));
    assertFalse(new ProxyChoice(Map.of(), Map.of("HTTPS_PROXY", "http://proxy.corp:3128")).envProxyHasCredentials());
    assertTrue(new ProxyChoice(Map.of(), Map.of("http_proxy", "bob@proxy.corp:3128")).envProxyHasCredentials());
  }
}
