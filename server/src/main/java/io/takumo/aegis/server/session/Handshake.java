package io.takumo.aegis.server.session;

import io.takumo.aegis.protocol.HandshakeTranscript;
import io.takumo.aegis.protocol.SessionCrypto;
import io.takumo.aegis.server.http.ErrorCode;
import io.takumo.aegis.server.http.TakumoError;
import io.takumo.aegis.server.signing.SigningKey;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's side of the handshake (docs/gateway-protocol.md, "The handshake"): a fresh X25519
 * key pair, the session's keys derived from both nonces, the org policy sealed under the session's
 * policy key, and the transcript signed with the gateway's signing key. The key was admitted
 * before; this checks the body and makes the session.
 */
public final class Handshake {
  private final SessionStore registry;
  private final SigningKey signingKey;
  private final SecureRandom random;

  public Handshake(SessionStore registry, SigningKey signingKey, SecureRandom random) {
    this.registry = registry;
    this.signingKey = signingKey;
    this.random = random;
  }

  /**
   * The 200 reply's body.
   *
   * @param request the handshake body, its {@code protocol} already found to be 2
   * @param keyHash the admitted key's hash
   * @param policy the org's policy JSON, {@code {}} for none
   * @throws Refusal {@code invalid_handshake} for a malformed body, {@code unavailable} when the registry is full
   */
  JsonObject answer(JsonObject request, String keyHash, String policy) {
    if (!SessionCrypto.KEY_AGREEMENT.equals(request.getValue("key_agreement"))) {
      throw invalid("key_agreement must be " + SessionCrypto.KEY_AGREEMENT);
    }
    byte[] clientPublic = bytes(request, "client_public_key", 32);
    byte[] clientNonce = bytes(request, "client_nonce", 16);
    try {
      KeyPair own = SessionCrypto.newKeyPair();
      byte[] shared;
      try {
        shared = SessionCrypto.agree(own.getPrivate(), SessionCrypto.publicKey(clientPublic));
      } catch (GeneralSecurityException e) {
        throw invalid("client_public_key is not a usable X25519 public key");
      }
      byte[] serverNonce = new byte[16];
      random.nextBytes(serverNonce);
      String sessionId = registry.newId();
      SessionCrypto.Keys keys = SessionCrypto.deriveKeys(shared, clientNonce, serverNonce, sessionId);
      byte[] iv = new byte[12];
      random.nextBytes(iv);
      byte[] sealed = SessionCrypto.encryptPolicy(keys.policyKey, sessionId, iv, policy.getBytes(StandardCharsets.UTF_8));
      byte[] serverPublic = SessionCrypto.rawPublicKey(own.getPublic());
      long expiresIn = registry.lifetimeSeconds();
      String signature = signingKey.sign(HandshakeTranscript.bytes(clientPublic, clientNonce, sessionId, serverPublic,
          serverNonce, expiresIn, iv, sealed));
      Optional<Session> session = registry.open(sessionId, keyHash, keys.macKey);
      if (session.isEmpty()) {
        throw new Refusal(new TakumoError(ErrorCode.UNAVAILABLE, "The gateway holds as many sessions as it can; retry shortly.",
            Map.of("Retry-After", "60")));
      }
      return new JsonObject().put("protocol", SessionCrypto.VERSION).put("session_id", sessionId)
          .put("server_public_key", SessionCrypto.base64(serverPublic)).put("server_nonce", SessionCrypto.base64(serverNonce))
          .put("expires_in", expiresIn)
          .put("policy", new JsonObject().put("iv", SessionCrypto.base64(iv)).put("ciphertext", SessionCrypto.base64(sealed)))
          .put("signature_algorithm", HandshakeTranscript.ALGORITHM).put("signature", signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the handshake's cryptography failed (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static byte[] bytes(JsonObject request, String field, int length) {
    if (!(request.getValue(field) instanceof String text)) {
      throw invalid(field + " is missing");
    }
    byte[] bytes;
    try {
      bytes = SessionCrypto.unbase64(text);
    } catch (IllegalArgumentException e) {
      throw invalid(field + " is not base64url");
    }
    if (bytes.length != length) {
      throw invalid(field + " must be " + length + " bytes");
    }
    return bytes;
  }

  private static Refusal invalid(String why) {
    return new Refusal(new TakumoError(ErrorCode.INVALID_HANDSHAKE, "The handshake request is not valid: " + why + "."));
  }
}
