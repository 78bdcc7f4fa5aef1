package io.takumo.aegis.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Published vectors for the primitives, and the protocol's own vector (docs/gateway-protocol.md). */
class SessionCryptoTest {

  private static final HexFormat HEX = HexFormat.of();
  static final byte[] ALICE_PRIVATE = hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  static final byte[] ALICE_PUBLIC = hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  static final byte[] BOB_PRIVATE = hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  static final byte[] BOB_PUBLIC = hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  static final byte[] SHARED = hex("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

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
    byte[] clientNonce = hex("000102030405060708090a0b0c0d0e0f");
    byte[] serverNonce = hex("101112131415161718191a1b1c1d1e1f");
    SessionCrypto.Keys keys = SessionCrypto.deriveKeys(SHARED, clientNonce, serverNonce, "s_test");
    assertEquals(ProtocolVector.MAC_KEY, HEX.formatHex(keys.macKey));
    assertEquals(ProtocolVector.POLICY_KEY, HEX.formatHex(keys.policyKey));

    String canonical = SessionCrypto.canonicalRequest("post", "https://api.openai.com/v1/chat/completions", "s_test",
        "1767225600", "AAECAwQFBgcICQoL", SessionCrypto.bodyDigest("{}".getBytes(StandardCharsets.UTF_8)));
    assertEquals("TAKUMO-AEGIS-HMAC-SHA256\nPOST\nhttps://api.openai.com/v1/chat/completions\ns_test\n1767225600\n"
        + "AAECAwQFBgcICQoL\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", canonical);
    assertEquals(ProtocolVector.SIGNATURE, SessionCrypto.sign(keys.macKey, canonical));

    byte[] iv = hex("202122232425262728292a2b");
    byte[] policy = "{\"allowlist\":{\"values\":[\"sk-test-\"]}}".getBytes(StandardCharsets.UTF_8);
    byte[] sealed = SessionCrypto.encryptPolicy(keys.policyKey, "s_test", iv, policy);
    assertEquals(ProtocolVector.POLICY_CIPHERTEXT, SessionCrypto.base64(sealed));
    assertArrayEquals(policy, SessionCrypto.decryptPolicy(keys.policyKey, "s_test", iv, sealed));
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
    assertEquals("UNSIGNED-PAYLOAD", SessionCrypto.bodyDigest(null));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", SessionCrypto.bodyDigest(new byte[0]));
  }
}
