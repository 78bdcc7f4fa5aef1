package io.takumo.aegis.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import io.takumo.aegis.protocol.GatewayKeys;
import io.takumo.aegis.protocol.HandshakeTranscript;
import io.takumo.aegis.protocol.SessionCrypto;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The gateway's side of the handshake (docs/gateway-protocol.md) on a loopback JDK HTTP server. */
final class StandInGateway implements AutoCloseable {

  static final String API_KEY = "tk_live_test_0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  final AtomicInteger handshakes = new AtomicInteger();
  /** Keys by session id, to check signatures. */
  final Map<String, SessionCrypto.Keys> sessions = new ConcurrentHashMap<>();
  /** The gateway's signing key pair: tests pin {@link #SIGNING}'s public key; another key plays an impostor. */
  static final KeyPair SIGNING = newSigningKey();
  volatile KeyPair signingKey = SIGNING;
  volatile int handshakeStatus = 200;
  /** Retry-After on a refused handshake, or null. */
  volatile String retryAfter;
  volatile long handshakeDelayMillis;
  volatile long expiresIn = 3600;
  volatile String policyJson = "{\"rules\":[{\"id\":\"acme-internal-token\",\"regex\":\"ACME-[0-9a-f]{24}\"}],"
      + "\"allowlist\":{\"values\":[\"sk-test-allowed\"]}}";

  StandInGateway() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/_takumo/session", this::handshake);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  static KeyPair newSigningKey() {
    try {
      return GatewayKeys.generate();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pinned keys an agent of this gateway is configured with. */
  static java.util.List<java.security.PublicKey> pinned() {
    return java.util.List.of(SIGNING.getPublic());
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
  }

  private void handshake(HttpExchange exchange) throws IOException {
    handshakes.incrementAndGet();
    try {
      if (handshakeDelayMillis > 0) {
        Thread.sleep(handshakeDelayMillis);
      }
      JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
      if (!API_KEY.equals(exchange.getRequestHeaders().getFirst(Headers.API_KEY))) {
        error(exchange, 401, "invalid_api_key", "The API key is not valid.");
        return;
      }
      if (handshakeStatus != 200) {
        if (retryAfter != null) {
          exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        error(exchange, handshakeStatus, handshakeStatus == 429 ? "rate_limited" : "unavailable", "down for maintenance");
        return;
      }
      if (request.path("protocol").asInt() != SessionCrypto.VERSION) {
        send(exchange, 400, "{\"error\":{\"code\":\"unsupported_protocol\",\"supported\":[2]}}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      KeyPair server = SessionCrypto.newKeyPair();
      byte[] serverNonce = new byte[16];
      new SecureRandom().nextBytes(serverNonce);
      String sessionId = "s_" + handshakes.get();
      byte[] shared = SessionCrypto.agree(server.getPrivate(),
          SessionCrypto.publicKey(SessionCrypto.unbase64(request.get("client_public_key").asText())));
      SessionCrypto.Keys keys = SessionCrypto.deriveKeys(
          shared, SessionCrypto.unbase64(request.get("client_nonce").asText()), serverNonce, sessionId);
      sessions.put(sessionId, keys);
      byte[] iv = new byte[12];
      new SecureRandom().nextBytes(iv);
      byte[] sealed = SessionCrypto.encryptPolicy(keys.policyKey, sessionId, iv, policyJson.getBytes(StandardCharsets.UTF_8));
      byte[] serverPublic = SessionCrypto.rawPublicKey(server.getPublic());
      byte[] transcript = HandshakeTranscript.bytes(SessionCrypto.unbase64(request.get("client_public_key").asText()),
          SessionCrypto.unbase64(request.get("client_nonce").asText()), sessionId, serverPublic, serverNonce, expiresIn, iv, sealed);
      ObjectNode reply = JSON.createObjectNode();
      reply.put("protocol", SessionCrypto.VERSION).put("session_id", sessionId)
          .put("server_public_key", SessionCrypto.base64(serverPublic))
          .put("server_nonce", SessionCrypto.base64(serverNonce)).put("expires_in", expiresIn);
      reply.putObject("policy").put("iv", SessionCrypto.base64(iv)).put("ciphertext", SessionCrypto.base64(sealed));
      reply.put("signature_algorithm", HandshakeTranscript.ALGORITHM)
          .put("signature", HandshakeTranscript.sign(signingKey.getPrivate(), transcript));
      send(exchange, 200, JSON.writeValueAsBytes(reply));
    } catch (Exception e) {
      send(exchange, 500, new byte[0]);
    }
  }

  private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
    exchange.getResponseHeaders().add(Headers.ERROR, code);
    exchange.getResponseHeaders().add(Headers.ERROR_MESSAGE, message);
    send(exchange, status, ("{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}").getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
