package io.takumo.aegis.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.takumo.aegis.protocol.HandshakeTranscript;
import io.takumo.aegis.protocol.SessionCrypto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;

/**
 * Performs the session handshake ({@code POST {gateway}/_takumo/session}) over an
 * {@code HttpURLConnection} the agent opens itself, through the proxy {@link ProxyChoice} picks,
 * with its own TLS settings ({@link HandshakeTls}), and accepts only a reply whose transcript
 * one of the pinned gateway keys signed. The gateway host is not a provider host, so the agent's
 * own hooks leave this connection alone.
 */
final class HandshakeClient {

  static final ObjectMapper JSON = new ObjectMapper();
  static final int CONNECT_TIMEOUT_MS = 5_000;
  static final int READ_TIMEOUT_MS = 10_000;
  /** A session is renewed this long before the gateway would expire it. */
  private static final long RENEW_MARGIN_SECONDS = 30;

  private final URI base;
  private final String apiKey;
  private final List<PublicKey> pinned;
  private final ProxyChoice proxies;
  private final String agentVersion;
  private final SecureRandom random = new SecureRandom();

  /** @param pinned the gateway's signing keys ({@code gateway-public-key}); empty: no handshake is attempted */
  HandshakeClient(URI base, String apiKey, List<PublicKey> pinned, ProxyChoice proxies, String agentVersion) {
    this.base = base;
    this.apiKey = apiKey;
    this.pinned = pinned;
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
    if (pinned.isEmpty()) {
      // Without a pinned key any TLS peer could answer as the gateway: the key is not sent to it.
      throw GatewayUnavailableException.untrusted(url, "gateway-public-key is not set, so no gateway is trusted");
    }
    KeyPair keys;
    try {
      keys = SessionCrypto.newKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no X25519", e);
    }
    byte[] clientNonce = new byte[16];
    random.nextBytes(clientNonce);
    ObjectNode request = JSON.createObjectNode();
    request.put("protocol", SessionCrypto.VERSION);
    request.put("agent", "takumo-aegis/" + agentVersion);
    request.put("key_agreement", SessionCrypto.KEY_AGREEMENT);
    request.put("client_public_key", SessionCrypto.base64(SessionCrypto.rawPublicKey(keys.getPublic())));
    request.put("client_nonce", SessionCrypto.base64(clientNonce));

    int status;
    byte[] body;
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection(proxies.forUri(uri));
      if (c instanceof HttpsURLConnection) {
        HandshakeTls.apply((HttpsURLConnection) c);
      }
      c.setConnectTimeout(CONNECT_TIMEOUT_MS);
      c.setReadTimeout(READ_TIMEOUT_MS);
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("Accept", "application/json");
      c.setRequestProperty(Headers.API_KEY, apiKey);
      c.setRequestProperty(Headers.PROTOCOL, Integer.toString(SessionCrypto.VERSION));
      c.setRequestProperty("User-Agent", "takumo-aegis/" + agentVersion);
      byte[] out = JSON.writeValueAsBytes(request);
      // No streaming mode: with one, the JDK hides the body of a 401 (getErrorStream() is null).
      try (OutputStream os = c.getOutputStream()) {
        os.write(out);
      }
      status = c.getResponseCode();
      headers.put(Headers.ERROR, c.getHeaderField(Headers.ERROR));
      headers.put(Headers.ERROR_MESSAGE, c.getHeaderField(Headers.ERROR_MESSAGE));
      headers.put(Headers.RETRY_AFTER, c.getHeaderField(Headers.RETRY_AFTER));
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      body = in == null ? new byte[0] : readAll(in);
    } catch (IOException e) {
      throw new GatewayUnavailableException(url, GatewayUnavailableException.describe(e, base.getHost()), e);
    }
    if (status >= 500) {
      throw new GatewayUnavailableException(url, "HTTP " + status + " from " + uri.getRawPath(), null);
    }
    if (status >= 400) {
      throw rejected(status, headers.get(Headers.ERROR), headers.get(Headers.ERROR_MESSAGE), headers.get(Headers.RETRY_AFTER), body);
    }
    if (status != 200) {
      throw new GatewayUnavailableException(url, "unexpected HTTP " + status + " to the handshake", null);
    }
    JsonNode reply;
    try {
      reply = JSON.readTree(body);
    } catch (IOException | RuntimeException e) {
      throw invalidReply(url, e);
    }
    byte[] clientPublic = SessionCrypto.rawPublicKey(keys.getPublic());
    try {
      if (!signedByPinnedKey(reply, clientPublic, clientNonce)) {
        throw GatewayUnavailableException.untrusted(url, "the handshake reply is not signed by a pinned gateway key");
      }
    } catch (GeneralSecurityException | RuntimeException e) {
      throw invalidReply(url, e);
    }
    try {
      return session(reply, keys, clientNonce);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw invalidReply(url, e);
    }
  }

  private static GatewayUnavailableException invalidReply(String url, Exception e) {
    return new GatewayUnavailableException(url, "invalid handshake reply (" + e.getClass().getSimpleName()
        + "); is this a Takumo gateway of protocol " + SessionCrypto.VERSION + "?", null);
  }

  /** The reply's {@code signature} over the transcript (docs/gateway-protocol.md), by one of the pinned keys. */
  private boolean signedByPinnedKey(JsonNode reply, byte[] clientPublic, byte[] clientNonce) throws GeneralSecurityException {
    if (reply.path("protocol").asInt(0) != SessionCrypto.VERSION) {
      throw new GeneralSecurityException("protocol is not " + SessionCrypto.VERSION);
    }
    if (!HandshakeTranscript.ALGORITHM.equals(reply.path("signature_algorithm").asText())) {
      throw new GeneralSecurityException("signature_algorithm is not " + HandshakeTranscript.ALGORITHM);
    }
    JsonNode policy = reply.path("policy");
    byte[] transcript = HandshakeTranscript.bytes(clientPublic, clientNonce, text(reply, "session_id"),
        SessionCrypto.unbase64(text(reply, "server_public_key")), SessionCrypto.unbase64(text(reply, "server_nonce")),
        expiresIn(reply), SessionCrypto.unbase64(text(policy, "iv")), SessionCrypto.unbase64(text(policy, "ciphertext")));
    return HandshakeTranscript.verify(pinned, transcript, text(reply, "signature"));
  }

  private static long expiresIn(JsonNode reply) throws GeneralSecurityException {
    JsonNode v = reply.get("expires_in");
    if (v == null || !v.canConvertToLong() || v.asLong() <= 0) {
      throw new GeneralSecurityException("expires_in missing");
    }
    return v.asLong();
  }

  private static GatewaySession session(JsonNode reply, KeyPair keys, byte[] clientNonce)
      throws GeneralSecurityException, IOException {
    String sessionId = text(reply, "session_id");
    if (!sessionId.matches("[\\x21-\\x7e]{1,128}")) {
      throw new GeneralSecurityException("session_id is not 1-128 printable ASCII characters");
    }
    byte[] serverPublic = SessionCrypto.unbase64(text(reply, "server_public_key"));
    byte[] serverNonce = SessionCrypto.unbase64(text(reply, "server_nonce"));
    long expiresIn = expiresIn(reply);
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

  private static GatewayRejectedException rejected(
      int status, String codeHeader, String messageHeader, String retryAfter, byte[] body) {
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
    return new GatewayRejectedException(status, code, message, retryAfterSeconds(retryAfter));
  }

  /** {@code Retry-After} in seconds (the delta form; an HTTP date is not used), or -1. */
  static long retryAfterSeconds(String value) {
    if (value == null || !value.trim().matches("[0-9]{1,9}")) {
      return -1;
    }
    return Long.parseLong(value.trim());
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
