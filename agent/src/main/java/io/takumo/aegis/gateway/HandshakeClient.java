package io.takumo.aegis.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Performs the session handshake ({@code POST {gateway}/_takumo/session}) over an
 * {@code HttpURLConnection} the agent opens itself, through the proxy {@link ProxyChoice} picks.
 * The gateway host is not a provider host, so the agent's own hooks leave this connection alone.
 */
final class HandshakeClient {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int READ_TIMEOUT_MS = 10_000;
  /** A session is renewed this long before the gateway would expire it. */
  private static final long RENEW_MARGIN_SECONDS = 30;

  private final URI base;
  private final String apiKey;
  private final ProxyChoice proxies;
  private final String agentVersion;
  private final SecureRandom random = new SecureRandom();

  HandshakeClient(URI base, String apiKey, ProxyChoice proxies, String agentVersion) {
    this.base = base;
    this.apiKey = apiKey;
    this.proxies = proxies;
    this.agentVersion = agentVersion;
  }

  URI sessionUri() {
    return GatewayRouting.protocolUri(base, "_takumo/session");
  }

  /**
   * @throws GatewayUnavailableException the gateway cannot be reached or answered 5xx or nonsense
   * @throws GatewayRejectedException the gateway answered 4xx (bad key, scope, plan, rate limit)
   */
  GatewaySession handshake() throws IOException {
    URI uri = sessionUri();
    String url = base.toString();
    KeyPair keys;
    try {
      keys = SessionCrypto.newKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no X25519", e);
    }
    byte[] clientNonce = new byte[16];
    random.nextBytes(clientNonce);
    ObjectNode request = JSON.createObjectNode();
    request.put("protocol", 1);
    request.put("agent", "takumo-aegis/" + agentVersion);
    request.put("key_agreement", "X25519");
    request.put("client_public_key", SessionCrypto.base64(SessionCrypto.rawPublicKey(keys.getPublic())));
    request.put("client_nonce", SessionCrypto.base64(clientNonce));

    int status;
    byte[] body;
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(proxies.forUri(uri));
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(READ_TIMEOUT_MS);
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty(Headers.API_KEY, apiKey);
      c.setRequestProperty(Headers.PROTOCOL, "1");
      c.setRequestProperty("User-Agent", "takumo-aegis/" + agentVersion);
      byte[] out = JSON.writeValueAsBytes(request);
      // No streaming mode: with one, the JDK hides the body of a 401 (getErrorStream() is null).
      try (OutputStream os = c.getOutputStream()) {
        os.write(out);
      }
      status = c.getResponseCode();
      headers.put(Headers.ERROR, c.getHeaderField(Headers.ERROR));
      headers.put(Headers.ERROR_MESSAGE, c.getHeaderField(Headers.ERROR_MESSAGE));
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      body = in == null ? new byte[0] : readAll(in);
    } catch (IOException e) {
      throw new GatewayUnavailableException(url, GatewayUnavailableException.describe(e, base.getHost()), e);
    }
    if (status >= 500) {
      throw new GatewayUnavailableException(url, "HTTP " + status + " from " + uri.getRawPath(), null);
    }
    if (status >= 400) {
      throw rejected(status, headers.get(Headers.ERROR), headers.get(Headers.ERROR_MESSAGE), body);
    }
    if (status != 200) {
      throw new GatewayUnavailableException(url, "unexpected HTTP " + status + " to the handshake", null);
    }
    try {
      return session(JSON.readTree(body), keys, clientNonce);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new GatewayUnavailableException(
          url, "invalid handshake reply (" + e.getClass().getSimpleName() + "); is this a Takumo gateway of protocol 1?", null);
    }
  }

  private static GatewaySession session(JsonNode reply, KeyPair keys, byte[] clientNonce)
      throws GeneralSecurityException, IOException {
    String sessionId = text(reply, "session_id");
    byte[] serverPublic = SessionCrypto.unbase64(text(reply, "server_public_key"));
    byte[] serverNonce = SessionCrypto.unbase64(text(reply, "server_nonce"));
    long expiresIn = reply.path("expires_in").asLong(0);
    if (expiresIn <= 0) {
      throw new GeneralSecurityException("expires_in missing");
    }
    byte[] shared = SessionCrypto.agree(keys.getPrivate(), SessionCrypto.publicKey(serverPublic));
    SessionCrypto.Keys derived = SessionCrypto.deriveKeys(shared, clientNonce, serverNonce, sessionId);
    JsonNode policy = reply.path("policy");
    // Decrypting the policy is also the key confirmation: it fails unless the gateway derived the same keys.
    byte[] plain =
        SessionCrypto.decryptPolicy(
            derived.policyKey, sessionId, SessionCrypto.unbase64(text(policy, "iv")),
            SessionCrypto.unbase64(text(policy, "ciphertext")));
    @SuppressWarnings("unchecked")
    Map<String, Object> orgPolicy = JSON.readValue(plain, Map.class);
    long lifetime = Math.max(1, expiresIn - Math.min(RENEW_MARGIN_SECONDS, expiresIn / 10));
    return new GatewaySession(sessionId, derived.macKey, System.nanoTime() + lifetime * 1_000_000_000L, orgPolicy);
  }

  private static String text(JsonNode node, String field) throws GeneralSecurityException {
    JsonNode v = node.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new GeneralSecurityException(field + " missing");
    }
    return v.asText();
  }

  private static GatewayRejectedException rejected(int status, String codeHeader, String messageHeader, byte[] body) {
    String code = codeHeader;
    String message = messageHeader;
    try {
      JsonNode root = JSON.readTree(body);
      JsonNode error = root.has("error") && root.get("error").isObject() ? root.get("error") : root;
      if (error.path("message").isTextual()) {
        message = error.path("message").asText();
      }
      if (code == null && error.path("code").isTextual()) {
        code = error.path("code").asText();
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON: the status alone says enough.
    }
    return new GatewayRejectedException(status, code, message);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (InputStream s = in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = s.read(buf)) != -1) {
        out.write(buf, 0, n);
        if (out.size() > 1 << 20) {
          throw new IOException("handshake reply over 1 MB");
        }
      }
      return out.toByteArray();
    }
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
