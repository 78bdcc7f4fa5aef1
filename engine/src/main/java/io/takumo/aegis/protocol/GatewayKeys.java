package io.takumo.aegis.protocol;

import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

/**
 * The gateway's long-term signing keys: ECDSA P-256, written as X.509 SubjectPublicKeyInfo, in
 * PEM ({@code -----BEGIN PUBLIC KEY-----}) or as the base64 of its DER (which starts {@code MFkw}).
 * Several keys (a rotation) are several PEM blocks, or base64 values separated by commas.
 */
public final class GatewayKeys {

  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private GatewayKeys() {}

  /** A new signing key pair, for a gateway (and tests). */
  public static KeyPair generate() throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  /** Whether {@code text} is key material (PEM or base64) rather than, say, a file name. */
  public static boolean isKeyText(String text) {
    String t = text.trim();
    return t.startsWith(BEGIN) || t.startsWith("MFkw");
  }

  /**
   * The keys in {@code text}.
   *
   * @throws IllegalArgumentException naming what is wrong (never echoing the text), if there is no
   *     key or one is not a P-256 public key
   */
  public static List<PublicKey> parse(String text) {
    List<String> encoded = new ArrayList<>();
    String t = text.trim();
    if (t.startsWith(BEGIN)) {
      int at = 0;
      while ((at = t.indexOf(BEGIN, at)) >= 0) {
        int end = t.indexOf(END, at);
        if (end < 0) {
          throw new IllegalArgumentException("a PEM public key has no END line");
        }
        encoded.add(t.substring(at + BEGIN.length(), end));
        at = end + END.length();
      }
    } else {
      Collections.addAll(encoded, t.split(","));
    }
    List<PublicKey> keys = new ArrayList<>();
    for (String e : encoded) {
      keys.add(decode(e.replaceAll("\\s", "")));
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no public key found");
    }
    return Collections.unmodifiableList(keys);
  }

  private static PublicKey decode(String base64) {
    byte[] der;
    try {
      der = base64.indexOf('-') >= 0 || base64.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(base64) : Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("a public key is not valid base64");
    }
    PublicKey key;
    try {
      key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("a public key is not an EC SubjectPublicKeyInfo");
    }
    if (!isP256((ECPublicKey) key)) {
      throw new IllegalArgumentException("a public key is not on the P-256 curve");
    }
    return key;
  }

  private static boolean isP256(ECPublicKey key) {
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec("secp256r1"));
      ECParameterSpec want = p.getParameterSpec(ECParameterSpec.class);
      ECParameterSpec have = key.getParams();
      return want.getCurve().equals(have.getCurve()) && want.getGenerator().equals(have.getGenerator())
          && want.getOrder().equals(have.getOrder());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** The PEM text of {@code key}. */
  public static String pem(PublicKey key) {
    return BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded()) + "\n" + END + "\n";
  }

  /** {@code sha256:} and the first 16 hex digits of the SHA-256 of the DER: how logs name a key. */
  public static String fingerprint(PublicKey key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      StringBuilder s = new StringBuilder("sha256:");
      for (int i = 0; i < 8; i++) {
        s.append(String.format("%02x", d[i]));
      }
      return s.toString();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
