package io.takumo.aegis.server.gateway;

import io.takumo.aegis.protocol.CanonicalRequest;
import io.takumo.aegis.protocol.GatewayKeys;
import io.takumo.aegis.protocol.HandshakeTranscript;
import io.takumo.aegis.protocol.SessionCrypto;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The agent's side of docs/gateway-protocol.md, on the engine's protocol package and the JDK's
 * HTTP client: what the gateway tests send, signed as an agent signs, or altered on purpose.
 */
final class ProtocolClient {
  private static final SecureRandom RANDOM = new SecureRandom();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  ProtocolClient(String gatewayUrl) {
    this.base = gatewayUrl + "/v1";
  }

  /** A session the gateway made, its transcript verified with the pinned key and its policy decrypted. */
  record Session(String id, byte[] macKey, long expiresIn, String policy) {
  }

  HttpResponse<String> handshakeResponse(String apiKey, String protocolHeader, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/_takumo/session"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (apiKey != null) {
      request.header("X-Takumo-Api-Key", apiKey);
    }
    if (protocolHeader != null) {
      request.header("X-Takumo-Protocol", protocolHeader);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String handshakeBody(int protocol, byte[] clientPublic, byte[] clientNonce) {
    return new JsonObject().put("protocol", protocol).put("agent", "takumo-aegis/test").put("key_agreement", "X25519")
        .put("client_public_key", SessionCrypto.base64(clientPublic)).put("client_nonce", SessionCrypto.base64(clientNonce))
        .encode();
  }

  Session handshake(String apiKey, String pinnedPem) throws Exception {
    KeyPair own = SessionCrypto.newKeyPair();
    byte[] clientPublic = SessionCrypto.rawPublicKey(own.getPublic());
    byte[] clientNonce = random(16);
    HttpResponse<String> response = handshakeResponse(apiKey, "2", handshakeBody(2, clientPublic, clientNonce));
    if (response.statusCode() != 200) {
      throw new AssertionError("handshake: HTTP " + response.statusCode() + " " + response.body());
    }
    JsonObject reply = new JsonObject(response.body());
    String id = reply.getString("session_id");
    byte[] serverPublic = SessionCrypto.unbase64(reply.getString("server_public_key"));
    byte[] serverNonce = SessionCrypto.unbase64(reply.getString("server_nonce"));
    byte[] iv = SessionCrypto.unbase64(reply.getJsonObject("policy").getString("iv"));
    byte[] sealed = SessionCrypto.unbase64(reply.getJsonObject("policy").getString("ciphertext"));
    long expiresIn = reply.getLong("expires_in");
    if (!HandshakeTranscript.verify(GatewayKeys.parse(pinnedPem), HandshakeTranscript.bytes(clientPublic, clientNonce, id,
        serverPublic, serverNonce, expiresIn, iv, sealed), reply.getString("signature"))) {
      throw new AssertionError("the handshake is not signed by the pinned key");
    }
    SessionCrypto.Keys keys = SessionCrypto.deriveKeys(SessionCrypto.agree(own.getPrivate(), SessionCrypto.publicKey(serverPublic)),
        clientNonce, serverNonce, id);
    String policy = new String(SessionCrypto.decryptPolicy(keys.policyKey, id, iv, sealed), StandardCharsets.UTF_8);
    return new Session(id, keys.macKey, expiresIn, policy);
  }

  /** A routed request as an agent signs it: the provider path under the base, the upstream URL, the session's MAC. */
  static final class Routed {
    final Session session;
    final String method;
    final String upstream;
    String body = "";
    /** The body sent, when a test sends another than the one signed. */
    String sentBody;
    final Map<String, String> headers = new LinkedHashMap<>();
    String nonce = SessionCrypto.base64(random(12));
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    String protocol = "2";

    Routed(Session session, String method, String upstream) {
      this.session = session;
      this.method = method;
      this.upstream = upstream;
    }

    Routed body(String body) {
      this.body = body;
      return this;
    }

    Routed header(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }

  HttpResponse<String> send(Routed r) throws Exception {
    Map<String, String> signed = CanonicalRequest.signedHeaders(name -> r.headers.entrySet().stream()
        .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null));
    String digest = CanonicalRequest.bodyDigest(r.body.getBytes(StandardCharsets.UTF_8));
    String signature = CanonicalRequest.sign(r.session.macKey(), CanonicalRequest.build(r.method, r.upstream, r.session.id(),
        r.timestamp, r.nonce, digest, signed));
    URI upstream = URI.create(r.upstream);
    String sent = r.sentBody != null ? r.sentBody : r.body;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + upstream.getRawPath()
        + (upstream.getRawQuery() == null ? "" : "?" + upstream.getRawQuery())))
        .method(r.method, r.method.equals("GET") ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(sent));
    r.headers.forEach(request::header);
    request.header("X-Takumo-Protocol", r.protocol).header("X-Takumo-Upstream", r.upstream)
        .header("X-Takumo-Session", r.session.id()).header("X-Takumo-Timestamp", r.timestamp)
        .header("X-Takumo-Nonce", r.nonce).header("X-Takumo-Content-SHA256", digest)
        .header("X-Takumo-Signed-Headers", CanonicalRequest.headerList(signed)).header("X-Takumo-Signature", signature);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static byte[] random(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
