package io.takumo.aegis.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.log.AegisLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A gateway that stops answering mid-session: what the routed request's failure does. */
class GatewayDropTest {

  private static final URI OPENAI = URI.create("https://api.openai.com/v1/chat/completions");

  private StandInGateway server;
  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AegisLog log = new AegisLog(AegisLog.Level.INFO, new PrintStream(logged, true));

  @BeforeEach
  void start() throws Exception {
    server = new StandInGateway();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Gateway gateway(boolean fallbackLocal) {
    return new Gateway(server.base(), StandInGateway.API_KEY, StandInGateway.pinned(), fallbackLocal, log, new ProxyChoice(Map.of(), Map.of()), "test");
  }

  private List<String> lines() {
    String all = logged.toString(StandardCharsets.UTF_8);
    return all.isEmpty() ? List.of() : Arrays.asList(all.split("\n"));
  }

  private static ConnectException refused() {
    return new ConnectException("Connection refused");
  }

  @Test
  void withFallbackLocalADropSwitchesToDirectAndSaysSoOnce() throws Exception {
    Gateway gateway = gateway(true);
    GatewayRoute route = gateway.route(OPENAI);
    assertNotNull(route.sessionId());
    assertTrue(gateway.onSendFailed("api.openai.com", route.sessionId(), refused()));
    assertTrue(gateway.onSendFailed("api.openai.com", route.sessionId(), refused()), "a concurrent request's failure");
    assertNull(gateway.route(OPENAI), "the following requests go direct");
    List<String> l = lines();
    assertEquals(1, l.size(), l.toString());
    assertTrue(l.get(0).contains("gateway-fallback is local") && l.get(0).contains(server.base().toString())
        && l.get(0).contains("connection refused") && l.get(0).contains("nslookup 127.0.0.1")
        && l.get(0).contains("port 443") && l.get(0).contains("HTTPS_PROXY"), l.get(0));
  }

  @Test
  void withFallbackNoneADropLogsTheBlockedLineAndDropsTheSession() throws Exception {
    Gateway gateway = gateway(false);
    GatewayRoute route = gateway.route(OPENAI);
    assertFalse(gateway.onSendFailed("api.openai.com", route.sessionId(), refused()));
    List<String> l = lines();
    assertEquals(1, l.size(), l.toString());
    assertTrue(l.get(0).contains("did not send a request to api.openai.com") && l.get(0).contains("connection refused")
        && l.get(0).contains("firewall"), l.get(0));
    assertFalse(l.get(0).contains(StandInGateway.API_KEY));
    gateway.route(OPENAI);
    assertEquals(2, server.handshakes.get(), "the next request handshakes again");
  }

  @Test
  void onlyFailuresBeforeAnythingWasSentCountAndEachIsNamed() {
    String host = server.base().getHost();
    Gateway gateway = gateway(false);
    ConnectException dns = new ConnectException();
    dns.initCause(new UnresolvedAddressException());
    assertEquals("DNS lookup of " + host + " failed", gateway.unavailable(dns).whatFailed(), "java.net.http's failed lookup");
    assertEquals("DNS lookup of " + host + " failed", gateway.unavailable(new UnknownHostException("gw")).whatFailed());
    assertEquals("connection refused", gateway.unavailable(refused()).whatFailed());
    assertTrue(gateway.unavailable(new SSLHandshakeException("bad cert")).whatFailed().startsWith("TLS handshake failed"));
    assertEquals("timed out", gateway.unavailable(new HttpConnectTimeoutException("connect")).whatFailed());

    assertTrue(GatewayUnavailableException.isConnectFailure(dns));
    assertTrue(GatewayUnavailableException.isConnectFailure(new RuntimeException(new SSLHandshakeException("x"))));
    assertTrue(GatewayUnavailableException.isConnectFailure(new HttpConnectTimeoutException("connect")));
    assertFalse(GatewayUnavailableException.isConnectFailure(new SocketTimeoutException("Read timed out")),
        "a read timeout: the request may have been sent");
    assertFalse(GatewayUnavailableException.isConnectFailure(new java.io.IOException("Connection reset")));
  }

  @Test
  void a503MarkedUpstreamIsTheProvidersAndKeepsTheSession() throws Exception {
    Gateway gateway = gateway(false);
    GatewayRoute route = gateway.route(OPENAI);
    gateway.onResponse(route, 503, headers(Headers.ERROR, "upstream_error", Headers.ERROR_SOURCE, "upstream"));
    gateway.route(OPENAI);
    assertEquals(1, server.handshakes.get());
    gateway.onResponse(route, 503, headers(Headers.ERROR, "unavailable", Headers.ERROR_SOURCE, "gateway"));
    gateway.route(OPENAI);
    assertEquals(2, server.handshakes.get());
    gateway.onResponse(gateway.route(OPENAI), 503, headers());
    gateway.route(OPENAI);
    assertEquals(3, server.handshakes.get(), "a 503 without the protocol's headers (a load balancer) is the gateway's");
    List<String> l = lines();
    assertEquals(3, l.size(), l.toString());
    assertTrue(l.get(0).contains("HTTP 503") && l.get(0).contains("came from the upstream provider, not from Takumo"), l.get(0));
    assertTrue(l.get(1).contains("answered 503 Service Unavailable") && l.get(1).contains("firewall"), l.get(1));
    assertTrue(l.get(2).contains("answered 503 Service Unavailable"), l.get(2));
  }

  private static Function<String, String> headers(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m::get;
  }
}
