package io.takumo.aegis.instrument.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class HostAndPortTest {

  @Test
  void readsAHostWithAndWithoutAPort() {
    HostAndPort plain = HostAndPort.parse("api.openai.com");
    assertEquals("api.openai.com", plain.host);
    assertEquals(-1, plain.port);
    HostAndPort withPort = HostAndPort.parse(" 127.0.0.1:8443 ");
    assertEquals("127.0.0.1", withPort.host);
    assertEquals(8443, withPort.port);
  }

  @Test
  void readsBracketedIpv6() {
    HostAndPort v6 = HostAndPort.parse("[::1]:9000");
    assertEquals("::1", v6.host);
    assertEquals(9000, v6.port);
    assertEquals(-1, HostAndPort.parse("[::1]").port);
  }

  @Test
  void rejectsWhatIsNoHost() {
    assertNull(HostAndPort.parse(null));
    assertNull(HostAndPort.parse(""));
    assertNull(HostAndPort.parse(":443"));
    assertNull(HostAndPort.parse("host:port"));
    assertNull(HostAndPort.parse("[::1"));
  }

  @Test
  void readsTheAuthorityOfAnAbsoluteFormTarget() {
    HostAndPort proxied = HostAndPort.ofAbsoluteUri("https://user:pw@api.openai.com:8443/v1/chat?x=1");
    assertEquals("api.openai.com", proxied.host);
    assertEquals(8443, proxied.port);
    assertEquals(-1, HostAndPort.ofAbsoluteUri("http://api.anthropic.com").port);
    assertNull(HostAndPort.ofAbsoluteUri("/v1/chat/completions"));
    assertNull(HostAndPort.ofAbsoluteUri("/redirect?to=http://api.openai.com/"));
    assertNull(HostAndPort.ofAbsoluteUri(null));
  }
}
