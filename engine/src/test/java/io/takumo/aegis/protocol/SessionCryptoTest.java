package io.takumo.aegis.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Published vectors for the primitives, and the protocol's own vector (docs/gateway-protocol.md). */
class SessionCryptoTest {

  private static final HexFormat HEX = HexFormat.of();
  static final byte[] ALICE_PRIVATE = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  static final byte[] ALICE_PUBLIC = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  static final byte[] BOB_PRIVATE = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  static final byte[] SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  static final byte[] CLIENT_NONCE = hex("000102030405060708090a0b0c0d0e0f");
  static final byte[] SERVER_NONCE = hex("101112131415161718191a1b1c1d1e1f");
  static final byte[] POLICY_IV = hex("202122232425262728292a2b");
  static final byte[] POLICY = "{\"allowlist\":{\"values\":[\"sk-test-\"]}}".getBytes(StandardCharsets.UTF_8);

  private static byte[] hex(String s) {
    return HEX.parseHex(s);
  }

  @Test
  void x25519MatchesRfc7748() throws GeneralSecurityException {
    // RFC 7748 section 5.2, first vector: raw scalar and u-coordinate, little-endian.
    assertEquals("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552",
        HEX.formatHex(SessionCrypto.agree(
            SessionCrypto.privateKey(hex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4")),
            SessionCrypto.publicKey(hex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c")))));
    // Section 6.1: Alice and Bob.
    assertArrayEquals(SHARED, SessionCrypto.agree(SessionCrypto.privateKey(ALICE_PRIVATE), SessionCrypto.publicKey(BOB_PUBLIC)));
    assertArrayEquals(SHARED, SessionCrypto.agree(SessionCrypto.privateKey(BOB_PRIVATE), SessionCrypto.publicKey(ALICE_PUBLIC)));
  }

  @Test
  void rawPublicKeyEncodingRoundTrips() throws GeneralSecurityException {
    assertArrayEquals(ALICE_PUBLIC, SessionCrypto.rawPublicKey(SessionCrypto.publicKey(ALICE_PUBLIC)));
    java.security.KeyPair pair = SessionCrypto.newKeyPair();
    assertArrayEquals(SessionCrypto.rawPublicKey(pair.getPublic()),
        SessionCrypto.rawPublicKey(SessionCrypto.publicKey(SessionCrypto.rawPublicKey(pair.getPublic()))));
  }

  @Test
  void hkdfMatchesRfc5869TestCase1() throws GeneralSecurityException {
    byte[] ikm = hex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
    byte[] prk = Hkdf.extract(hex("000102030405060708090a0b0c"), ikm);
    assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", HEX.formatHex(prk));
    assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        HEX.formatHex(Hkdf.expand(prk, hex("f0f1f2f3f4f5f6f7f8f9"), 42)));
  }

  /** The vector in docs/gateway-protocol.md: Alice is the agent, Bob the gateway. */
  @Test
  void protocolVector() throws GeneralSecurityException {
    SessionCrypto.Keys keys = SessionCrypto.deriveKeys(SHARED, CLIENT_NONCE, SERVER_NONCE, "s_test");
    assertEquals(ProtocolVector.MAC_KEY, HEX.formatHex(keys.macKey));
    assertEquals(ProtocolVector.POLICY_KEY, HEX.formatHex(keys.policyKey));
    // The same keys, computed here from RFC 5869's definition with nothing but HMAC-SHA256.
    byte[] prk = hmac(concat(CLIENT_NONCE, SERVER_NONCE), SHARED);
    assertEquals(ProtocolVector.MAC_KEY,
        HEX.formatHex(hmac(prk, concat("takumo-aegis/2 mac s_test".getBytes(StandardCharsets.UTF_8), new byte[] {1}))));
    assertEquals(ProtocolVector.POLICY_KEY,
        HEX.formatHex(hmac(prk, concat("takumo-aegis/2 policy s_test".getBytes(StandardCharsets.UTF_8), new byte[] {1}))));

    Map<String, String> app = Map.of("Authorization", "Bearer sk-test", "Content-Type", " application/json ");
    String canonical = CanonicalRequest.build("post", "https://api.openai.com/v1/chat/completions", "s_test",
        "1767225600", "AAECAwQFBgcICQoL", CanonicalRequest.bodyDigest("{}".getBytes(StandardCharsets.UTF_8)),
        CanonicalRequest.signedHeaders(name -> app.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue).findFirst().orElse(null)));
    assertEquals(ProtocolVector.CANONICAL_REQUEST, canonical);
    assertEquals(ProtocolVector.SIGNATURE, CanonicalRequest.sign(keys.macKey, canonical));
    assertEquals(ProtocolVector.SIGNATURE, java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(hmac(HEX.parseHex(ProtocolVector.MAC_KEY), ProtocolVector.CANONICAL_REQUEST.getBytes(StandardCharsets.UTF_8))));

    byte[] sealed = SessionCrypto.encryptPolicy(keys.policyKey, "s_test", POLICY_IV, POLICY);
    assertEquals(ProtocolVector.POLICY_CIPHERTEXT, SessionCrypto.base64(sealed));
    assertArrayEquals(POLICY, SessionCrypto.decryptPolicy(keys.policyKey, "s_test", POLICY_IV, sealed));
  }

  /** The transcript of the vector's handshake, and a signature of it by the vector's gateway key. */
  @Test
  void transcriptVector() throws GeneralSecurityException {
    byte[] sealed = SessionCrypto.unbase64(ProtocolVector.POLICY_CIPHERTEXT);
    byte[] transcript = HandshakeTranscript.bytes(ALICE_PUBLIC, CLIENT_NONCE, "s_test", BOB_PUBLIC, SERVER_NONCE, 3600,
        POLICY_IV, sealed);
    assertEquals(ProtocolVector.TRANSCRIPT, new String(transcript, StandardCharsets.UTF_8));
    PublicKey gateway = GatewayKeys.parse(ProtocolVector.GATEWAY_PUBLIC_KEY_PEM).get(0);
    assertEquals(vectorPublicKey(), gateway);
    assertTrue(HandshakeTranscript.verify(List.of(gateway), transcript, ProtocolVector.TRANSCRIPT_SIGNATURE));
    // The same check with the JDK's verifier alone.
    java.security.Signature jdk = java.security.Signature.getInstance("SHA256withECDSAinP1363Format");
    jdk.initVerify(vectorPublicKey());
    jdk.update(ProtocolVector.TRANSCRIPT.getBytes(StandardCharsets.UTF_8));
    assertTrue(jdk.verify(java.util.Base64.getUrlDecoder().decode(ProtocolVector.TRANSCRIPT_SIGNATURE)));
    // A fresh signature by the same key verifies too (ECDSA signatures differ each time).
    String again = HandshakeTranscript.sign(vectorPrivateKey(), transcript);
    assertTrue(HandshakeTranscript.verify(List.of(gateway), transcript, again));
  }

  @Test
  void aTranscriptChangedInAnyFieldOrSignedByAnotherKeyIsRefused() throws GeneralSecurityException {
    byte[] sealed = SessionCrypto.unbase64(ProtocolVector.POLICY_CIPHERTEXT);
    PublicKey gateway = vectorPublicKey();
    String sig = ProtocolVector.TRANSCRIPT_SIGNATURE;
    List<byte[]> changed = List.of(
        HandshakeTranscript.bytes(BOB_PUBLIC, CLIENT_NONCE, "s_test", BOB_PUBLIC, SERVER_NONCE, 3600, POLICY_IV, sealed),
        HandshakeTranscript.bytes(ALICE_PUBLIC, SERVER_NONCE, "s_test", BOB_PUBLIC, SERVER_NONCE, 3600, POLICY_IV, sealed),
        HandshakeTranscript.bytes(ALICE_PUBLIC, CLIENT_NONCE, "s_other", BOB_PUBLIC, SERVER_NONCE, 3600, POLICY_IV, sealed),
        HandshakeTranscript.bytes(ALICE_PUBLIC, CLIENT_NONCE, "s_test", ALICE_PUBLIC, SERVER_NONCE, 3600, POLICY_IV, sealed),
        HandshakeTranscript.bytes(ALICE_PUBLIC, CLIENT_NONCE, "s_test", BOB_PUBLIC, CLIENT_NONCE, 3600, POLICY_IV, sealed),
        HandshakeTranscript.bytes(ALICE_PUBLIC, CLIENT_NONCE, "s_test", BOB_PUBLIC, SERVER_NONCE, 3601, POLICY_IV, sealed),
        HandshakeTranscript.bytes(ALICE_PUBLIC, CLIENT_NONCE, "s_test", BOB_PUBLIC, SERVER_NONCE, 3600, new byte[12], sealed),
        HandshakeTranscript.bytes(ALICE_PUBLIC, CLIENT_NONCE, "s_test", BOB_PUBLIC, SERVER_NONCE, 3600, POLICY_IV, new byte[3]));
    for (byte[] t : changed) {
      assertFalse(HandshakeTranscript.verify(List.of(gateway), t, sig));
    }
    byte[] transcript = ProtocolVector.TRANSCRIPT.getBytes(StandardCharsets.UTF_8);
    PublicKey other = GatewayKeys.generate().getPublic();
    assertFalse(HandshakeTranscript.verify(List.of(other), transcript, sig));
    assertTrue(HandshakeTranscript.verify(List.of(other, gateway), transcript, sig), "a rotation pins both keys");
    assertFalse(HandshakeTranscript.verify(List.of(gateway), transcript, "not base64!"));
    assertFalse(HandshakeTranscript.verify(List.of(gateway), transcript, ""));
  }

  @Test
  void pinnedKeysAreReadFromPemOrBase64AndOnlyOnP256() throws GeneralSecurityException {
    PublicKey a = vectorPublicKey();
    PublicKey b = GatewayKeys.generate().getPublic();
    assertEquals(List.of(a, b), GatewayKeys.parse(GatewayKeys.pem(a) + "\n" + GatewayKeys.pem(b)));
    String base64 = java.util.Base64.getEncoder().encodeToString(a.getEncoded());
    assertTrue(base64.startsWith("MFkw") && GatewayKeys.isKeyText(base64));
    assertEquals(List.of(a, b),
        GatewayKeys.parse(base64 + ", " + java.util.Base64.getEncoder().encodeToString(b.getEncoded())));
    java.security.KeyPairGenerator p384 = java.security.KeyPairGenerator.getInstance("EC");
    p384.initialize(new ECGenParameterSpec("secp384r1"));
    String other = GatewayKeys.pem(p384.generateKeyPair().getPublic());
    assertEquals("a public key is not on the P-256 curve",
        assertThrows(IllegalArgumentException.class, () -> GatewayKeys.parse(other)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> GatewayKeys.parse("MFkwnot-a-key"));
    assertFalse(GatewayKeys.isKeyText("/etc/takumo/gateway.pem"));
  }

  @Test
  void aPolicySealedForAnotherSessionOrTamperedWithIsRefused() throws GeneralSecurityException {
    SessionCrypto.Keys keys = SessionCrypto.deriveKeys(SHARED, new byte[16], new byte[16], "s_1");
    byte[] iv = new byte[12];
    byte[] sealed = SessionCrypto.encryptPolicy(keys.policyKey, "s_1", iv, "{}".getBytes(StandardCharsets.UTF_8));
    assertThrows(GeneralSecurityException.class, () -> SessionCrypto.decryptPolicy(keys.policyKey, "s_2", iv, sealed));
    sealed[0] ^= 1;
    assertThrows(GeneralSecurityException.class, () -> SessionCrypto.decryptPolicy(keys.policyKey, "s_1", iv, sealed));
  }

  @Test
  void anUnreadBodyIsSignedAsUnsignedPayload() {
    assertEquals("UNSIGNED-PAYLOAD", CanonicalRequest.bodyDigest(null));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", CanonicalRequest.bodyDigest(new byte[0]));
  }

  @Test
  void onlyTheCanonicalHeadersAreSignedInTheirOrderWithTrimmedValues() {
    Map<String, String> app = Map.of("content-type", "application/json", "x-goog-api-key", " g ", "accept", "*/*",
        "authorization", "Bearer a");
    Map<String, String> signed = CanonicalRequest.signedHeaders(app::get);
    assertEquals(List.of("authorization", "x-goog-api-key", "content-type"), List.copyOf(signed.keySet()));
    assertEquals("g", signed.get("x-goog-api-key"));
    assertEquals("authorization;x-goog-api-key;content-type", CanonicalRequest.headerList(signed));
  }

  /** RFC 6979 appendix A.2.5's P-256 key: the vector's gateway signing key. */
  static PrivateKey vectorPrivateKey() throws GeneralSecurityException {
    return KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(
        new BigInteger("c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721", 16), p256()));
  }

  static PublicKey vectorPublicKey() throws GeneralSecurityException {
    return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(
        new BigInteger("60fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6", 16),
        new BigInteger("7903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299", 16)), p256()));
  }

  private static ECParameterSpec p256() throws GeneralSecurityException {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    return p.getParameterSpec(ECParameterSpec.class);
  }

  private static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
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
}
