package io.takumo.aegis.protocol;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
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
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The session's cryptography, JDK only (docs/gateway-protocol.md, "Cryptography"): X25519 key
 * agreement, HKDF-SHA256 into a request-MAC key and a policy key, AES-256-GCM for the org policy.
 * Request signatures are {@link CanonicalRequest}'s, the handshake's signature {@link HandshakeTranscript}'s.
 */
public final class SessionCrypto {

  /** The protocol version this package implements. */
  public static final int VERSION = 2;
  /** The prefix of every derivation label and associated data. */
  public static final String LABEL = "takumo-aegis/" + VERSION;
  public static final String KEY_AGREEMENT = "X25519";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64_DECODE = Base64.getUrlDecoder();

  private SessionCrypto() {}

  public static KeyPair newKeyPair() throws GeneralSecurityException {
    return KeyPairGenerator.getInstance("X25519").generateKeyPair();
  }

  /** The 32-byte little-endian u-coordinate of an X25519 public key (RFC 7748 encoding). */
  public static byte[] rawPublicKey(PublicKey key) {
    BigInteger u = ((XECPublicKey) key).getU();
    byte[] bigEndian = u.toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < 32 && i < bigEndian.length; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    return out;
  }

  public static PublicKey publicKey(byte[] raw) throws GeneralSecurityException {
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

  public static PrivateKey privateKey(byte[] raw) throws GeneralSecurityException {
    return KeyFactory.getInstance("X25519").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, raw.clone()));
  }

  public static byte[] agree(PrivateKey own, PublicKey peer) throws GeneralSecurityException {
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
  public static final class Keys {
    public final byte[] macKey;
    public final byte[] policyKey;

    Keys(byte[] macKey, byte[] policyKey) {
      this.macKey = macKey;
      this.policyKey = policyKey;
    }
  }

  /**
   * HKDF-SHA256 with salt = client nonce || server nonce, IKM = the shared secret; expanded with
   * info {@code "takumo-aegis/2 mac " + sessionId} and {@code "takumo-aegis/2 policy " + sessionId},
   * 32 bytes each.
   */
  public static Keys deriveKeys(byte[] shared, byte[] clientNonce, byte[] serverNonce, String sessionId)
      throws GeneralSecurityException {
    byte[] salt = new byte[clientNonce.length + serverNonce.length];
    System.arraycopy(clientNonce, 0, salt, 0, clientNonce.length);
    System.arraycopy(serverNonce, 0, salt, clientNonce.length, serverNonce.length);
    byte[] prk = Hkdf.extract(salt, shared);
    byte[] mac = Hkdf.expand(prk, utf8(LABEL + " mac " + sessionId), 32);
    byte[] policy = Hkdf.expand(prk, utf8(LABEL + " policy " + sessionId), 32);
    Arrays.fill(prk, (byte) 0);
    return new Keys(mac, policy);
  }

  /** AES-256-GCM, 96-bit IV, 128-bit tag, AAD {@code "takumo-aegis/2 policy " + sessionId}. */
  public static byte[] decryptPolicy(byte[] policyKey, String sessionId, byte[] iv, byte[] ciphertext)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(policyKey, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(utf8(LABEL + " policy " + sessionId));
    return cipher.doFinal(ciphertext);
  }

  /** The gateway's side of {@link #decryptPolicy}. */
  public static byte[] encryptPolicy(byte[] policyKey, String sessionId, byte[] iv, byte[] plaintext)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(policyKey, "AES"), new GCMParameterSpec(128, iv));
    cipher.updateAAD(utf8(LABEL + " policy " + sessionId));
    return cipher.doFinal(plaintext);
  }

  public static String base64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  public static byte[] unbase64(String text) {
    return B64_DECODE.decode(text);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
