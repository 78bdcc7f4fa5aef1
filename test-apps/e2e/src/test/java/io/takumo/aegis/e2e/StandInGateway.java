package io.takumo.aegis.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
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
 * version 2 (not from the agent's code): the handshake at {@code /v1/_takumo/session}, signed with
 * the gateway's key ({@link #PUBLIC_KEY} is what agents pin), provider routes answered by
 * {@link FakeProvider} as if forwarded upstream, and error answers chosen per request by an
 * {@code X-Scenario} header (401, 403, 429, 502, 503, and 307 or 303 to {@link #redirectTo}). It speaks
 * version 2 only: a version 1 handshake gets the documented {@code unsupported_protocol}.
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

  /** The gateway's signing key pair (ECDSA P-256), and its public key as agents pin it (base64 of the DER). */
  static final KeyPair SIGNING = signingKeyPair();
  static final String PUBLIC_KEY = Base64.getEncoder().encodeToString(SIGNING.getPublic().getEncoded());

  static KeyPair signingKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
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
    // A routed request is authenticated by its session's signature; one without is refused.
    server.stubFor(post(urlPathMatching("/v1/(?!_takumo/).*")).withHeader("X-Takumo-Signature", absent()).atPriority(1)
        .willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
            .withHeader("X-Takumo-Error", "bad_signature").withHeader("X-Takumo-Error-Message", "The request is not signed.")
            .withBody(errorBody("bad_signature", "The request is not signed."))));
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

  /** Where the {@code X-Scenario: 307} answer points. */
  volatile String redirectTo = "http://127.0.0.1:9/elsewhere";

  /** Answers routed requests with {@code X-Scenario: 307} (or {@code 303}) by that redirect to {@code location}. */
  void redirectTo(String location) {
    redirectTo = location;
    for (int status : new int[] {307, 303}) {
      server.stubFor(any(urlPathMatching("/v1/.*")).withHeader("X-Scenario", equalTo(String.valueOf(status))).atPriority(2)
          .willReturn(aResponse().withStatus(status).withHeader("Location", location).withBody("moved")));
    }
  }

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

  /** The headers a signature may cover, in their canonical order; the first four are provider credentials. */
  static final List<String> SIGNABLE = List.of("authorization", "api-key", "x-api-key", "x-goog-api-key", "content-type",
      "content-encoding", "content-length");

  /**
   * Checks a routed request's signature as a gateway would (docs/gateway-protocol.md, "Request
   * signature"), with the request's own method; returns the problem, or null.
   */
  String signatureProblem(LoggedRequest r) throws Exception {
    byte[] macKey = handshake.macKeys.get(r.getHeader("X-Takumo-Session"));
    if (macKey == null) {
      return "unknown session " + r.getHeader("X-Takumo-Session");
    }
    if (!"2".equals(r.getHeader("X-Takumo-Protocol"))) {
      return "protocol " + r.getHeader("X-Takumo-Protocol");
    }
    String digest = r.getHeader("X-Takumo-Content-SHA256");
    if (!digest.equals("UNSIGNED-PAYLOAD")
        && !digest.equals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.getBody())))) {
      return "body digest does not match the body received";
    }
    String list = r.getHeader("X-Takumo-Signed-Headers");
    if (list == null) {
      return "no X-Takumo-Signed-Headers";
    }
    List<String> names = list.isEmpty() ? List.of() : List.of(list.split(";", -1));
    StringBuilder canonical = new StringBuilder(String.join("\n", "TAKUMO-AEGIS-HMAC-SHA256", r.getMethod().getName(),
        r.getHeader("X-Takumo-Upstream"), r.getHeader("X-Takumo-Session"), r.getHeader("X-Takumo-Timestamp"),
        r.getHeader("X-Takumo-Nonce"), digest, list));
    int last = -1;
    for (String name : names) {
      if (SIGNABLE.indexOf(name) <= last) {
        return "signed headers out of the canonical list or order: " + list;
      }
      last = SIGNABLE.indexOf(name);
      if (!r.containsHeader(name)) {
        return "signed header missing: " + name;
      }
      canonical.append('\n').append(name).append(':').append(r.getHeader(name).trim());
    }
    for (String credential : SIGNABLE.subList(0, 4)) {
      if (r.containsHeader(credential) && !names.contains(credential)) {
        return "credential header not signed: " + credential;
      }
    }
    if (Math.abs(Long.parseLong(r.getHeader("X-Takumo-Timestamp")) - System.currentTimeMillis() / 1000) > 300) {
      return "timestamp out of the window";
    }
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
    String expected = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(mac.doFinal(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    return expected.equals(r.getHeader("X-Takumo-Signature")) ? null : "bad signature";
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
    /** The key the handshake is signed with: {@link #SIGNING}, or another to play an impostor. */
    volatile KeyPair signer = SIGNING;

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
        if (!"2".equals(request.getHeader("X-Takumo-Protocol")) || body.path("protocol").asInt() != 2) {
          return aResponse().withStatus(400).withHeader("Content-Type", "application/json")
              .withHeader("X-Takumo-Error", "unsupported_protocol")
              .withHeader("X-Takumo-Error-Message", "This gateway speaks protocol 2.")
              .withBody("{\"error\":{\"code\":\"unsupported_protocol\",\"message\":\"This gateway speaks protocol 2.\","
                  + "\"supported\":[2]}}").build();
        }
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
        byte[] macKey = hmac(prk, concat(("takumo-aegis/2 mac " + sessionId).getBytes(StandardCharsets.UTF_8), new byte[] {1}));
        byte[] policyKey = hmac(prk, concat(("takumo-aegis/2 policy " + sessionId).getBytes(StandardCharsets.UTF_8), new byte[] {1}));
        macKeys.put(sessionId, macKey);
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(policyKey, "AES"), new GCMParameterSpec(128, iv));
        gcm.updateAAD(("takumo-aegis/2 policy " + sessionId).getBytes(StandardCharsets.UTF_8));
        byte[] sealed = gcm.doFinal(policy.getBytes(StandardCharsets.UTF_8));
        Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
        byte[] serverPublic = raw((XECPublicKey) server.getPublic());
        // The transcript (docs/gateway-protocol.md, "The handshake transcript"), signed with the gateway's key.
        String transcript = String.join("\n", "TAKUMO-AEGIS-HANDSHAKE", "2", "X25519", enc.encodeToString(clientPublic),
            enc.encodeToString(clientNonce), sessionId, enc.encodeToString(serverPublic), enc.encodeToString(serverNonce), "3600",
            enc.encodeToString(iv), enc.encodeToString(sealed));
        java.security.Signature ecdsa = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
        ecdsa.initSign(signer.getPrivate());
        ecdsa.update(transcript.getBytes(StandardCharsets.UTF_8));
        ObjectNode reply = FakeProvider.JSON.createObjectNode();
        reply.put("protocol", 2).put("session_id", sessionId)
            .put("server_public_key", enc.encodeToString(serverPublic))
            .put("server_nonce", enc.encodeToString(serverNonce)).put("expires_in", 3600);
        reply.putObject("policy").put("iv", enc.encodeToString(iv)).put("ciphertext", enc.encodeToString(sealed));
        reply.put("signature_algorithm", "ES256").put("signature", enc.encodeToString(ecdsa.sign()));
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
