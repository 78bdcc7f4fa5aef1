package io.takumo.aegis.protocol;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.List;

/**
 * The handshake's transcript and the gateway's signature of it (docs/gateway-protocol.md, "The
 * handshake transcript"): what the gateway proves with its long-term key, which the agent pins.
 * ECDSA on P-256 with SHA-256, the signature as the 64-byte {@code r || s} (IEEE P1363), which
 * every JDK from 11 on has (Ed25519 needs 15).
 */
public final class HandshakeTranscript {

  /** The algorithm's name in the handshake reply's {@code signature_algorithm} (the JOSE name). */
  public static final String ALGORITHM = "ES256";
  static final String JCA_ALGORITHM = "SHA256withECDSAinP1363Format";
  private static final String FIRST_LINE = "TAKUMO-AEGIS-HANDSHAKE";

  private HandshakeTranscript() {}

  /**
   * The bytes signed: these lines joined by {@code \n}, UTF-8, binary values as unpadded
   * base64url of their bytes: {@code TAKUMO-AEGIS-HANDSHAKE}, the protocol version, {@code X25519},
   * the client's public key, the client's nonce, the session id, the gateway's public key, the
   * gateway's nonce, {@code expires_in} in decimal, the policy's IV, the policy's ciphertext.
   */
  public static byte[] bytes(byte[] clientPublicKey, byte[] clientNonce, String sessionId, byte[] serverPublicKey,
      byte[] serverNonce, long expiresIn, byte[] policyIv, byte[] policyCiphertext) {
    String text = String.join("\n", FIRST_LINE, Integer.toString(SessionCrypto.VERSION), SessionCrypto.KEY_AGREEMENT,
        SessionCrypto.base64(clientPublicKey), SessionCrypto.base64(clientNonce), sessionId,
        SessionCrypto.base64(serverPublicKey), SessionCrypto.base64(serverNonce), Long.toString(expiresIn),
        SessionCrypto.base64(policyIv), SessionCrypto.base64(policyCiphertext));
    return SessionCrypto.utf8(text);
  }

  /** The gateway's side: the reply's {@code signature}, base64url. */
  public static String sign(PrivateKey gatewayKey, byte[] transcript) throws GeneralSecurityException {
    Signature s = Signature.getInstance(JCA_ALGORITHM);
    s.initSign(gatewayKey);
    s.update(transcript);
    return SessionCrypto.base64(s.sign());
  }

  /** Whether one of the pinned keys signed {@code transcript}; a malformed signature is not valid. */
  public static boolean verify(List<PublicKey> pinned, byte[] transcript, String signature) {
    byte[] sig;
    try {
      sig = SessionCrypto.unbase64(signature);
    } catch (IllegalArgumentException e) {
      return false;
    }
    if (sig.length != 64) {
      return false;
    }
    for (PublicKey key : pinned) {
      try {
        Signature s = Signature.getInstance(JCA_ALGORITHM);
        s.initVerify(key);
        s.update(transcript);
        if (s.verify(sig)) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // Not this key.
      }
    }
    return false;
  }
}
