package io.takumo.aegis.gateway;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The protocol's cryptography, JDK only (docs/gateway-protocol.md, "Cryptography"): X25519 key
 * agreement, HKDF-SHA256 into a request-MAC key and a policy key, HMAC-SHA256 request
 * signatures, AES-256-GCM for the org policy.
 */
public final class SessionCrypto {

  static final String PROTOCOL = "takumo-aegis/1";
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

  private SessionCrypto() {}

  static KeyPair newKeyPair() throws GeneralSecurityException {
    return KeyPairGenerator.getInstance("X25519").generateKeyPair();
  }

  /** The 32-byte little-endian u-coordinate of an X25519 public key (RFC 7748 encoding). */
  static byte[] rawPublicKey(PublicKey key) {
    BigInteger u = ((XECPublicKey) key).getU();
    byte[] bigEndian = u.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < bigEndian.length; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }

  static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
    if (raw.length != 32) {
      throw new GeneralSecurityException("an X25519 public key is 32 bytes, not " + raw.length);
    }
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = raw[31 - i];
    }
    // RFC 7748: the most significant bit of the last byte is masked.
    bigEndian[0] &= 0x7f;
    return KeyFactory.getInstance("X25519")
        .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, bigEndian)));
  }

  static PrivateKey privateKey(byte[] raw) throws GeneralSecurityException {
    return KeyFactory.getInstance("X25519").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, raw.clone()));
  }

  static byte[] agree(PrivateKey own, PublicKey peer) throws GeneralSecurityException {
    KeyAgreement agreement = KeyAgreement.getInstance("X25519");
    agreement.init(own);
    agreement.doPhase(peer, true);
    byte[] shared = agreement.generateSecret();
    boolean allZero = true;
    for (byte b : shared) {
      allZero &= b == 0;
    }
    if (allZero) {
      throw new GeneralSecurityException("the gateway's public key gives an all-zero shared secret");
    }
    return shared;
  }

  /** The session's two keys, derived from the X25519 shared secret. */
  static final class Keys {
    final byte[] macKey;
    final byte[] policyKey;

    Keys(byte[] macKey, byte[] policyKey) {
      this.macKey = macKey;
      this.policyKey = policyKey;
    }
  }

  /**
   * HKDF-SHA256 with salt = client nonce || server nonce, IKM = the shared secret; expanded with
   * info {@code "takumo-aegis/1 mac " + sessionId} and {@code "takumo-aegis/1 policy " + sessionId},
   * 32 bytes each.
   */
  static Keys deriveKeys(byte[] shared, byte[] clientNonce, byte[] serverNonce, String sessionId)
      throws GeneralSecurityException {
    byte[] salt = new byte[clientNonce.length + serverNonce.length];
    System.arraycopy(clientNonce, 0, salt, 0, clientNonce.length);
    System.arraycopy(serverNonce, 0, salt, clientNonce.length, serverNonce.length);
    byte[] prk = Hkdf.extract(salt, shared);
    byte[] mac = Hkdf.expand(prk, utf8(PROTOCOL + " mac " + sessionId), 32);
    byte[] policy = Hkdf.expand(prk, utf8(PROTOCOL + " policy " + sessionId), 32);
    Arrays.fill(prk, (byte) 0);
    return new Keys(mac, policy);
  }

  /** AES-256-GCM, 96-bit IV, 128-bit tag, AAD {@code "takumo-aegis/1 policy " + sessionId}. */
  static byte[] decryptPolicy(byte[] policyKey, String sessionId, byte[] iv, byte[] ciphertext)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(policyKey, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(utf8(PROTOCOL + " policy " + sessionId));
    return cipher.doFinal(ciphertext);
  }

  /** The gateway's side of {@link #decryptPolicy}; used by tests and stand-in gateways. */
  static byte[] encryptPolicy(byte[] policyKey, String sessionId, byte[] iv, byte[] plaintext)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(policyKey, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(utf8(PROTOCOL + " policy " + sessionId));
    return cipher.doFinal(plaintext);
  }

  /**
   * The string a request signature covers, lines joined by {@code \n}: {@code TAKUMO-AEGIS-HMAC-SHA256},
   * the method in upper case, the {@code X-Takumo-Upstream} value, the session id, the timestamp,
   * the nonce, the body digest.
   */
  static String canonicalRequest(
      String method, String upstream, String sessionId, String timestamp, String nonce, String bodyDigest) {
    return "TAKUMO-AEGIS-HMAC-SHA256\n" + method.toUpperCase(java.util.Locale.ROOT) + "\n" + upstream + "\n"
        + sessionId + "\n" + timestamp + "\n" + nonce + "\n" + bodyDigest;
  }

  static String sign(byte[] macKey, String canonical) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
    return B64.encodeToString(mac.doFinal(utf8(canonical)));
  }

  /** Lower-case hex SHA-256 of the body as sent, or {@code UNSIGNED-PAYLOAD} if not read. */
  static String bodyDigest(byte[] body) {
    if (body == null) {
      return UNSIGNED_PAYLOAD;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
      StringBuilder s = new StringBuilder(64);
      for (byte b : d) {
        s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return s.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  static String base64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  static byte[] unbase64(String text) {
    return B64_DECODE.decode(text);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
