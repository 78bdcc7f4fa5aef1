package io.takumo.aegis.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.notMatching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A WireMock stand-in for the Takumo gateway on loopback, written from docs/gateway-protocol.md
 * (not from the agent's code): the handshake at {@code /v1/_takumo/session}, provider routes
 * answered by {@link FakeProvider} as if forwarded upstream, and error answers chosen per request
 * by an {@code X-Scenario} header (401, 403, 429, 502, 503).
 */
final class StandInGateway implements AutoCloseable {

  static final String API_KEY = "tk_live_e2e_5f1c7a9d3b";
  /** An AWS-key-shaped value an org policy may allowlist: the built-in rule would tokenize it otherwise. */
  static final String ALLOWLISTED = "AKIAQ2TESTALLOWEDXYZ";
  /** The org policy (docs/gateway-protocol.md, "The org policy"): one custom rule, which only adds detection. */
  static final String POLICY = "{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\","
      + "\"keywords\":[\"ACME-\"],\"hint\":\"acme\",\"description\":\"ACME internal token\"}]}";
  /** {@link #POLICY} allowlisting {@link #ALLOWLISTED}: it relaxes the local policy (org-policy-may-relax). */
  static final String POLICY_WITH_ALLOWLIST = POLICY.substring(0, POLICY.length() - 1)
      + ",\"allowlist\":{\"values\":[\"" + ALLOWLISTED + "\"]}}";

  /** A fresh value of the org policy's custom rule. */
  static String acmeToken() {
    StringBuilder s = new StringBuilder("ACME-");
    SecureRandom random = new SecureRandom();
    for (int i = 0; i < 24; i++) {
      s.append("0123456789abcdef".charAt(random.nextInt(16)));
    }
    return s.toString();
  }

  final WireMockServer server;
  final Handshake handshake = new Handshake();

  StandInGateway() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort()
        .extensions(handshake, new FakeProvider()));
    server.start();
    server.stubFor(post(urlPathEqualTo("/v1/_takumo/session")).atPriority(1)
        .willReturn(aResponse().withTransformers(Handshake.NAME)));
    server.stubFor(post(urlPathMatching("/v1/.*")).atPriority(9).willReturn(aResponse().withTransformers(FakeProvider.NAME)));
    error("401", 401, "invalid_api_key", "The API key is not valid.", Map.of());
    // Every routed request is authenticated by its API key first, as the handshake is.
    server.stubFor(post(urlPathMatching("/v1/(?!_takumo/).*")).withHeader("X-Takumo-Api-Key", notMatching(API_KEY)).atPriority(1)
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withHeader("X-Takumo-Error", "invalid_api_key").withHeader("X-Takumo-Error-Message", "The API key is not valid.")
            .withBody(errorBody("invalid_api_key", "The API key is not valid."))));
    error("403", 403, "missing_scope", "This key lacks the scope llm:chat.", Map.of());
    error("429", 429, "rate_limited", "Rate limit exceeded.", Map.of("Retry-After", "17", "X-RateLimit-Remaining", "0"));
    error("503", 503, "unavailable", "Down for maintenance.", Map.of());
    server.stubFor(post(urlPathMatching("/v1/.*")).withHeader("X-Scenario", equalTo("502")).atPriority(2)
        .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "application/json")
            .withHeader("X-Takumo-Error", "upstream_error").withHeader("X-Takumo-Error-Source", "upstream")
            .withBody(UPSTREAM_ERROR)));
  }

  static final String UPSTREAM_ERROR =
      "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}";

  static String errorBody(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  private void error(String scenario, int status, String code, String message, Map<String, String> headers) {
    ResponseDefinitionBuilder r = aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withHeader("X-Takumo-Error", code).withHeader("X-Takumo-Error-Message", message).withBody(errorBody(code, message));
    headers.forEach(r::withHeader);
    server.stubFor(post(urlPathMatching("/v1/.*")).withHeader("X-Scenario", equalTo(scenario)).atPriority(2).willReturn(r));
  }

  String base() {
    return "http://127.0.0.1:" + server.port() + "/v1";
  }

  /** Routed provider requests the gateway received (the handshake aside). */
  List<LoggedRequest> routed() {
    return server.getAllServeEvents().stream().map(ServeEvent::getRequest)
        .filter(r -> !r.getUrl().contains("/_takumo/")).collect(Collectors.toList());
  }

  int handshakes() {
    return (int) server.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().contains("/_takumo/session")).count();
  }

  /** Checks a routed request's signature as a gateway would; returns the problem, or null. */
  String signatureProblem(LoggedRequest r) throws Exception {
    byte[] macKey = handshake.macKeys.get(r.getHeader("X-Takumo-Session"));
    if (macKey == null) {
      return "unknown session " + r.getHeader("X-Takumo-Session");
    }
    String digest = r.getHeader("X-Takumo-Content-SHA256");
    if (!digest.equals("UNSIGNED-PAYLOAD")
        && !digest.equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.getBody())))) {
      return "body digest does not match the body received";
    }
    for (String m : new String[] {r.getMethod().getName(), "*"}) {
      String canonical = String.join("\n", "TAKUMO-AEGIS-HMAC-SHA256", m, r.getHeader("X-Takumo-Upstream"),
          r.getHeader("X-Takumo-Session"), r.getHeader("X-Takumo-Timestamp"), r.getHeader("X-Takumo-Nonce"), digest);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
      String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
      if (expected.equals(r.getHeader("X-Takumo-Signature"))) {
        return m.equals("*") && !digest.equals("UNSIGNED-PAYLOAD") ? "method * with a body digest" : null;
      }
    }
    return "bad signature";
  }

  /** The method a valid signature of {@code r} was made with (its own, or {@code *}), or null if none is valid. */
  String signedMethod(LoggedRequest r) throws Exception {
    if (signatureProblem(r) != null) {
      return null;
    }
    byte[] macKey = handshake.macKeys.get(r.getHeader("X-Takumo-Session"));
    String canonical = String.join("\n", "TAKUMO-AEGIS-HMAC-SHA256", r.getMethod().getName(), r.getHeader("X-Takumo-Upstream"),
        r.getHeader("X-Takumo-Session"), r.getHeader("X-Takumo-Timestamp"), r.getHeader("X-Takumo-Nonce"),
        r.getHeader("X-Takumo-Content-SHA256"));
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
    String own = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8)));
    return own.equals(r.getHeader("X-Takumo-Signature")) ? r.getMethod().getName() : "*";
  }

  @Override
  public void close() {
    server.stop();
  }

  /** The gateway's side of the handshake. */
  static final class Handshake implements ResponseDefinitionTransformerV2 {
    static final String NAME = "takumo-handshake";
    final Map<String, byte[]> macKeys = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    volatile long delayMillis;
    /** The org policy the handshake delivers. */
    volatile String policy = POLICY;

    @Override
    public String getName() {
      return NAME;
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      try {
        if (delayMillis > 0) {
          Thread.sleep(delayMillis);
        }
        LoggedRequest request = event.getRequest();
        if (!API_KEY.equals(request.getHeader("X-Takumo-Api-Key"))) {
          return aResponse().withStatus(401).withHeader("Content-Type", "application/json")
              .withHeader("X-Takumo-Error", "invalid_api_key").withHeader("X-Takumo-Error-Message", "The API key is not valid.")
              .withBody(errorBody("invalid_api_key", "The API key is not valid.")).build();
        }
        JsonNode body = FakeProvider.JSON.readTree(request.getBody());
        Base64.Decoder b64 = Base64.getUrlDecoder();
        byte[] clientPublic = b64.decode(body.get("client_public_key").asText());
        byte[] clientNonce = b64.decode(body.get("client_nonce").asText());
        KeyPair server = KeyPairGenerator.getInstance("X25519").generateKeyPair();
        KeyAgreement ka = KeyAgreement.getInstance("X25519");
        ka.init(server.getPrivate());
        ka.doPhase(publicKey(clientPublic), true);
        byte[] shared = ka.generateSecret();
        byte[] serverNonce = new byte[16];
        random.nextBytes(serverNonce);
        String sessionId = "sess_" + Long.toHexString(random.nextLong());
        byte[] salt = new byte[32];
        System.arraycopy(clientNonce, 0, salt, 0, 16);
        System.arraycopy(serverNonce, 0, salt, 16, 16);
        byte[] prk = hmac(salt, shared);
        byte[] macKey = hmac(prk, concat(("takumo-aegis/1 mac " + sessionId).getBytes(StandardCharsets.UTF_8), new byte[] {1}));
        byte[] policyKey = hmac(prk, concat(("takumo-aegis/1 policy " + sessionId).getBytes(StandardCharsets.UTF_8), new byte[] {1}));
        macKeys.put(sessionId, macKey);
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(policyKey, "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(("takumo-aegis/1 policy " + sessionId).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = gcm.doFinal(policy.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        ObjectNode reply = FakeProvider.JSON.createObjectNode();
        reply.put("protocol", 1).put("session_id", sessionId)
            .put("server_public_key", enc.encodeToString(raw((XECPublicKey) server.getPublic())))
            .put("server_nonce", enc.encodeToString(serverNonce)).put("expires_in", 3600);
        reply.putObject("policy").put("iv", enc.encodeToString(iv)).put("ciphertext", enc.encodeToString(sealed));
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(FakeProvider.JSON.writeValueAsString(reply)).build();
      } catch (Exception e) {
        return aResponse().withStatus(500).withBody(e.toString()).build();
      }
    }

    private static byte[] hmac(byte[] key, byte[] data) throws Exception {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] out = new byte[a.length + b.length];
      System.arraycopy(a, 0, out, 0, a.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }

    private static java.security.PublicKey publicKey(byte[] littleEndian) throws Exception {
      byte[] be = new byte[32];
      for (int i = 0; i < 32; i++) {
        be[i] = littleEndian[31 - i];
      }
      be[0] &= 0x7f;
      return KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    }

    private static byte[] raw(XECPublicKey key) {
      byte[] be = key.getU().toByteArray();
      byte[] out = new byte[32];
      for (int i = 0; i < 32 && i < be.length; i++) {
        out[i] = be[be.length - 1 - i];
      }
      return out;
    }
  }
}
