package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.protocol.GatewayKeys;
import io.takumo.aegis.protocol.SessionCrypto;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent–gateway protocol (docs/gateway-protocol.md) served by the real server in its own JVM,
 * set up with the admin CLI, with an agent's side written on the engine's protocol package
 * ({@link ProtocolClient}), to a stand-in provider on loopback: what the provider received and
 * what the agent got back, for the handshake, routed requests and every refusal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentProtocolEndToEndTest {
  private static final String PROVIDER_KEY = "sk-proj-standinproviderkey0123456789abcdef";
  private static final String CHAT_BODY = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"TKM_sec_x\"}]}";
  private static final String POLICY = "{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\","
      + "\"keywords\":[\"ACME-\"],\"hint\":\"acme\"}]}";
  /** Short, so that the expiry is seen within the test; every test makes its own session. */
  private static final int LIFETIME = 4;

  private StandInProvider provider;
  private ServerProcess server;
  private ProtocolClient client;
  private String pinned;
  private String key;
  private String readOnlyKey;
  private Path dir;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    this.dir = dir;
    provider = new StandInProvider();
    server = ServerProcess.start(dir, "--openai-base-url", provider.baseUrl(), "--anthropic-base-url", provider.baseUrl(),
        "--allow-private-upstreams", "--session-lifetime", Integer.toString(LIFETIME));
    client = new ProtocolClient(server.gatewayUrl);
    ok(server.adminHere("plans", "create", "team", "--rate-limit", "1000/min", "--providers", "openai,anthropic"));
    ok(server.adminHere("orgs", "create", "acme", "--plan", "team"));
    key = ok(server.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:chat,llm:read")).lastLine();
    readOnlyKey = ok(server.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:read")).lastLine();
    Path policy = dir.resolve("policy.json");
    Files.writeString(policy, POLICY);
    ok(server.adminHere("orgs", "policy", "set", "acme", "--file", policy.toString()));
    pinned = ok(server.adminHere("signing-key")).stdout();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (provider != null) {
      provider.close();
    }
  }

  @Test
  void theSigningKeyIsGeneratedOnceOwnerOnlyAndPrintedAsAgentsPinIt() throws Exception {
    Path file = server.data.resolve("signing-key.pem");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(1, GatewayKeys.parse(pinned).size());
    assertTrue(pinned.startsWith("-----BEGIN PUBLIC KEY-----\n") && pinned.endsWith("-----END PUBLIC KEY-----\n"), pinned);
    assertFalse(server.stdout().contains("PRIVATE") || server.stderr().contains("PRIVATE"), "the key is never logged");
    assertTrue(server.stderr().contains("agents' handshakes are signed with the key sha256:"), server.stderr());
  }

  @Test
  void theOrgPolicyIsCheckedOnTheWayInAndShownAsStored() throws Exception {
    JsonObject shown = new JsonObject(ok(server.adminHere("orgs", "policy", "show", "acme")).stdout());
    assertEquals(new JsonObject(POLICY), shown.getJsonObject("policy"));
    Path bad = dir.resolve("bad.json");
    Files.writeString(bad, "{\"rules\":[{\"id\":\"r1\",\"regex\":\"SECRETPATTERN(\"}]}");
    ServerProcess.Result refused = server.adminHere("orgs", "policy", "set", "acme", "--file", bad.toString());
    assertEquals(2, refused.exitCode());
    assertEquals("takumo-server: invalid org policy: rule 'r1': invalid regex: missing closing )\n", refused.stderr());
    Files.writeString(bad, "{\"rules\":[");
    assertEquals("takumo-server: the org policy is not valid JSON (line 1, column 11)\n",
        server.adminHere("orgs", "policy", "set", "acme", "--file", bad.toString()).stderr());
    assertEquals(new JsonObject(POLICY), new JsonObject(ok(server.adminHere("orgs", "policy", "show", "acme")).stdout())
        .getJsonObject("policy"), "unchanged");
  }

  @Test
  void theHandshakeIsSignedWithThePinnedKeyAndDeliversTheOrgPolicy() throws Exception {
    ProtocolClient.Session session = client.handshake(key, pinned);
    assertEquals(new JsonObject(POLICY), new JsonObject(session.policy()));
    assertEquals(LIFETIME, session.expiresIn());
    assertTrue(session.id().matches("sess_[A-Za-z0-9_-]{24}"), session.id());
    assertTrue(server.stdout().contains("\"path\":\"/v1/_takumo/session\",\"status\":200"), server.stdout());
  }

  @Test
  void aSignedRequestReachesTheConfiguredProviderWithoutAnyTakumoHeaderAndItsAnswerComesBack() throws Exception {
    ProtocolClient.Session session = client.handshake(key, pinned);
    int before = provider.received.size();
    // The upstream names the real provider host: the request goes to --openai-base-url.
    HttpResponse<String> response = client.send(new ProtocolClient.Routed(session, "POST",
        "https://api.openai.com/v1/chat/completions?trace=1").body(CHAT_BODY)
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + PROVIDER_KEY));
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("gpt-4o-2024-08-06", new JsonObject(response.body()).getString("model"));
    assertEquals("1000", response.headers().firstValue("X-RateLimit-Limit").orElseThrow());
    assertEquals(before + 1, provider.received.size());
    StandInProvider.Received received = last();
    assertEquals("/v1/chat/completions?trace=1", received.uri());
    assertEquals(CHAT_BODY, received.body());
    assertEquals(List.of("Bearer " + PROVIDER_KEY), received.headers().get("Authorization"));
    assertNoTakumoTrace(received);

    // The stand-in's own URL is a provider origin too, and the operation picks the provider.
    HttpResponse<String> anthropic = client.send(new ProtocolClient.Routed(session, "POST", provider.baseUrl() + "/v1/messages")
        .body("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":5,\"messages\":[]}").header("x-api-key", "sk-ant-standin")
        .header("anthropic-version", "2023-06-01").header("Content-Type", "application/json"));
    assertEquals(200, anthropic.statusCode(), anthropic.body());
    assertEquals(List.of("sk-ant-standin"), last().headers().get("x-api-key"));
    assertNoTakumoTrace(last());
    JsonObject usage = new JsonObject(ok(server.adminHere("usage", "--org", "acme")).stdout());
    assertTrue(usage.getJsonObject("by_provider").containsKey("anthropic"), usage.encode());
  }

  @Test
  void aProvidersRedirectNeverReachesTheAgentAsARedirect() throws Exception {
    ProtocolClient.Session session = client.handshake(key, pinned);
    HttpResponse<String> response = client.send(new ProtocolClient.Routed(session, "POST",
        "https://api.openai.com/v1/chat/completions").body("{\"x\":\"provider-redirects\"}"));
    assertEquals(502, response.statusCode(), response.body());
    assertEquals("upstream_error", response.headers().firstValue("X-Takumo-Error").orElseThrow());
    assertEquals("upstream", response.headers().firstValue("X-Takumo-Error-Source").orElseThrow());
    assertEquals("The provider openai answered HTTP 307 (a redirect), which the gateway does not pass to agents.",
        response.headers().firstValue("X-Takumo-Error-Message").orElseThrow());
    assertTrue(response.headers().firstValue("Location").isEmpty());
  }

  @Test
  void aReplayedRequestIsRefusedAndNeverForwarded() throws Exception {
    ProtocolClient.Session session = client.handshake(key, pinned);
    ProtocolClient.Routed request = new ProtocolClient.Routed(session, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY).header("Content-Type", "application/json");
    assertEquals(200, client.send(request).statusCode());
    int before = provider.received.size();
    assertTakumoError(client.send(request), 401, "bad_signature",
        "The request failed the signature check: the nonce was already used in this session.");
    assertEquals(before, provider.received.size());
  }

  @Test
  void aTamperedBodyIsRefusedAndTheProviderNeverGetsAWholeRequest() throws Exception {
    ProtocolClient.Session session = client.handshake(key, pinned);
    int before = provider.received.size();
    // Large enough to stream in many chunks: all but the last reach the provider before the digest is known.
    String big = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "a".repeat(512 * 1024) + "\"}]}";
    HttpResponse<String> whole = client.send(new ProtocolClient.Routed(session, "POST",
        "https://api.openai.com/v1/chat/completions").body(big).header("Content-Type", "application/json"));
    assertEquals(200, whole.statusCode(), whole.body());
    assertEquals(big, last().body(), "untampered, the held-back last chunk goes last");
    before = provider.received.size();
    ProtocolClient.Routed request = new ProtocolClient.Routed(session, "POST", "https://api.openai.com/v1/chat/completions")
        .body(big).header("Content-Type", "application/json");
    request.sentBody = big.replace("\"a", "\"b");
    assertTakumoError(client.send(request), 401, "bad_signature",
        "The request failed the signature check: the body digest does not match the body received.");
    Thread.sleep(300);
    assertEquals(before, provider.received.size(), "the provider read no complete request");
    assertTrue(server.stdout().contains("\"status\":401") && server.stdout().contains("\"error\":\"bad_signature\""));

    ProtocolClient.Routed wrongKey = new ProtocolClient.Routed(new ProtocolClient.Session(session.id(), new byte[32], 0, "{}"),
        "POST", "https://api.openai.com/v1/chat/completions").body(CHAT_BODY);
    assertTakumoError(client.send(wrongKey), 401, "bad_signature", "The request failed the signature check: the signature does not match.");
    ProtocolClient.Routed unsignedCredential = new ProtocolClient.Routed(session, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY);
    unsignedCredential.timestamp = Long.toString(System.currentTimeMillis() / 1000 - 301);
    assertTakumoError(client.send(unsignedCredential), 401, "bad_signature",
        "The request failed the signature check: the timestamp is more than 300 s from the gateway's clock.");
    assertEquals(before, provider.received.size());
  }

  @Test
  void anUnknownOrExpiredSessionIsRefusedWithItsCode() throws Exception {
    ProtocolClient.Session session = client.handshake(key, pinned);
    ProtocolClient.Session unknown = new ProtocolClient.Session("sess_nosuchsession", session.macKey(), 0, "{}");
    assertTakumoError(client.send(new ProtocolClient.Routed(unknown, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY)), 401, "session_unknown", "The gateway holds no such session; make a new one.");
    Thread.sleep(LIFETIME * 1000L + 200);
    int before = provider.received.size();
    assertTakumoError(client.send(new ProtocolClient.Routed(session, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY)), 401, "session_expired", "The session has expired; make a new one.");
    assertEquals(before, provider.received.size());
  }

  @Test
  void aKeyRevokedDuringASessionStopsItAtTheNextRequest() throws Exception {
    String doomed = ok(server.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:chat")).lastLine();
    ProtocolClient.Session session = client.handshake(doomed, pinned);
    assertEquals(200, client.send(new ProtocolClient.Routed(session, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY)).statusCode());
    // Through the admin API rather than the CLI: a CLI start can outlast the short session on a loaded machine.
    HttpResponse<String> revoked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(server.adminUrl + "/admin/v1/keys/" + doomed.substring(0, 16) + "/revoke"))
        .header("Authorization", "Bearer " + server.adminToken).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, revoked.statusCode(), revoked.body());
    int before = provider.received.size();
    assertTakumoError(client.send(new ProtocolClient.Routed(session, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY)), 401, "invalid_api_key", "The API key was revoked during the session.");
    assertTakumoError(client.send(new ProtocolClient.Routed(session, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY)), 401, "session_unknown", "The gateway holds no such session; make a new one.");
    assertEquals(before, provider.received.size());
    HttpResponse<String> again = client.handshakeResponse(doomed, "2", ProtocolClient.handshakeBody(2,
        ProtocolClient.random(32), ProtocolClient.random(16)));
    assertTakumoError(again, 401, "invalid_api_key", "The API key is unknown or revoked.");
  }

  @Test
  void theHandshakeRefusesAnotherProtocolABadKeyOrAMalformedBody() throws Exception {
    String v2 = ProtocolClient.handshakeBody(2, ProtocolClient.random(32), ProtocolClient.random(16));
    for (HttpResponse<String> response : List.of(client.handshakeResponse(key, "1", v2), client.handshakeResponse(key, null, v2),
        client.handshakeResponse(key, "2", ProtocolClient.handshakeBody(1, ProtocolClient.random(32), ProtocolClient.random(16))),
        client.handshakeResponse(key, "2", "not json"))) {
      assertEquals(400, response.statusCode(), response.body());
      assertEquals(new JsonObject().put("error", new JsonObject().put("code", "unsupported_protocol")
          .put("message", "This gateway speaks protocol 2.").put("type", "takumo_error").put("supported", new JsonArray().add(2))),
          new JsonObject(response.body()));
      assertEquals("unsupported_protocol", response.headers().firstValue("X-Takumo-Error").orElseThrow());
    }
    assertTakumoError(client.handshakeResponse(null, "2", v2), 401, "invalid_api_key", "The X-Takumo-Api-Key header is missing.");
    assertTakumoError(client.handshakeResponse("tk_live_" + "x".repeat(43), "2", v2), 401, "invalid_api_key",
        "The API key is unknown or revoked.");
    assertTakumoError(client.handshakeResponse(key, "2", "{\"protocol\":2,\"key_agreement\":\"X25519\",\"client_nonce\":\""
        + SessionCrypto.base64(ProtocolClient.random(16)) + "\"}"), 400, "invalid_handshake",
        "The handshake request is not valid: client_public_key is missing.");
    assertTakumoError(client.handshakeResponse(key, "2", ProtocolClient.handshakeBody(2, new byte[32], ProtocolClient.random(16))),
        400, "invalid_handshake", "The handshake request is not valid: client_public_key is not a usable X25519 public key.");
    assertTakumoError(client.handshakeResponse(key, "2", "{\"protocol\":2,\"pad\":\"" + "x".repeat(17 * 1024) + "\"}"),
        400, "invalid_handshake", "The handshake request is not valid: its body is over 16 KiB.");
    assertFalse(server.stdout().contains(key) || server.stderr().contains(key), "the key is never logged");
  }

  @Test
  void scopesAndProvidersApplyToSessionsAsToKeys() throws Exception {
    ProtocolClient.Session readOnly = client.handshake(readOnlyKey, pinned);
    int before = provider.received.size();
    assertTakumoError(client.send(new ProtocolClient.Routed(readOnly, "POST", "https://api.openai.com/v1/chat/completions")
        .body(CHAT_BODY)), 403, "missing_scope", "This key lacks the scope llm:chat.");
    assertEquals(200, client.send(new ProtocolClient.Routed(readOnly, "GET", "https://api.openai.com/v1/models")).statusCode());
    assertEquals(before + 1, provider.received.size());
    assertTakumoError(client.send(new ProtocolClient.Routed(readOnly, "POST", "https://evil.example.com/v1/chat/completions")
        .body(CHAT_BODY)), 404, "unsupported_endpoint",
        "The gateway does not forward POST to this X-Takumo-Upstream: not a provider operation on a provider origin it serves.");
    assertEquals(before + 1, provider.received.size());
  }

  private StandInProvider.Received last() {
    return provider.received.get(provider.received.size() - 1);
  }

  private void assertNoTakumoTrace(StandInProvider.Received received) {
    for (Map.Entry<String, List<String>> header : received.headers().entrySet()) {
      assertFalse(header.getKey().toLowerCase().startsWith("x-takumo-"), "forwarded " + header.getKey());
      for (String value : header.getValue()) {
        assertFalse(value.contains("tk_live_"), "a Takumo key in " + header.getKey());
      }
    }
  }

  private static void assertTakumoError(HttpResponse<String> response, int status, String code, String message) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals(new JsonObject().put("error", new JsonObject().put("code", code).put("message", message).put("type", "takumo_error")),
        new JsonObject(response.body()));
    assertEquals(code, response.headers().firstValue("X-Takumo-Error").orElseThrow());
    assertEquals(message, response.headers().firstValue("X-Takumo-Error-Message").orElseThrow());
    assertEquals("gateway", response.headers().firstValue("X-Takumo-Error-Source").orElseThrow());
  }

  private static ServerProcess.Result ok(ServerProcess.Result result) {
    assertEquals(0, result.exitCode(), result.stderr());
    assertEquals("", result.stderr());
    return result;
  }
}
