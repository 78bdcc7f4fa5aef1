package io.takumo.aegis.server.signing;

import io.takumo.aegis.protocol.GatewayKeys;
import io.takumo.aegis.protocol.HandshakeTranscript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/**
 * The gateway's signing key (docs/gateway-protocol.md, "The handshake transcript"): ECDSA P-256,
 * one private key that signs every handshake, and the public keys agents pin
 * ({@code gateway-public-key}). Today that is one public key, this key's; a rotation will publish
 * the next key's beside it before it signs.
 *
 * <p>Either the operator's file ({@code --signing-key}, PEM PKCS#8) or, without one, a key
 * generated on the first start into the data directory ({@value #FILE}, mode 0600) and read from
 * there on every later start, so that agents keep their pin across restarts.
 */
public final class SigningKey {
  /** The generated key's file in the data directory. */
  public static final String FILE = "signing-key.pem";
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * The operator's key file.
   *
   * @throws IllegalArgumentException with a one-line message (never the key) when it is not a P-256 PKCS#8 PEM key
   */
  public static SigningKey load(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("--signing-key: " + file + " does not exist");
    }
    return parse(text, "--signing-key " + file);
  }

  /** The data directory's key, generated (mode 0600) if there is none yet. */
  public static SigningKey loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      try {
        KeyPair pair = GatewayKeys.generate();
        String pem = BEGIN + "\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pair.getPrivate().getEncoded())
            + "\n" + END + "\n";
        Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))),
            pem, StandardCharsets.US_ASCII);
        return new SigningKey(pair.getPrivate(), pair.getPublic());
      } catch (FileAlreadyExistsException e) {
        // Another process made it first: read theirs.
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("this JDK cannot generate a P-256 key", e);
      }
    }
    return parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  static SigningKey parse(String text, String where) {
    int begin = text.indexOf(BEGIN);
    int end = text.indexOf(END);
    if (begin < 0 || end < begin) {
      throw new IllegalArgumentException(where + ": not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----); convert one with"
          + " openssl pkcs8 -topk8 -nocrypt");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + BEGIN.length(), end));
      PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
      PublicKey derived = P256.publicKey((ECPrivateKey) key);
      // GatewayKeys checks the curve is P-256, as agents will.
      GatewayKeys.parse(GatewayKeys.pem(derived));
      SigningKey signing = new SigningKey(key, derived);
      signing.selfCheck();
      return signing;
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException(where + ": not an ECDSA P-256 private key");
    }
  }

  /** Signs and verifies once: a key that cannot do both is refused at start, not on the first handshake. */
  private void selfCheck() throws GeneralSecurityException {
    byte[] probe = "takumo-aegis signing key check".getBytes(StandardCharsets.US_ASCII);
    if (!HandshakeTranscript.verify(publicKeys(), probe, HandshakeTranscript.sign(privateKey, probe))) {
      throw new GeneralSecurityException("the key does not verify its own signature");
    }
  }

  /** Signs a handshake transcript: the reply's {@code signature}. */
  public String sign(byte[] transcript) throws GeneralSecurityException {
    return HandshakeTranscript.sign(privateKey, transcript);
  }

  /** The public keys agents may pin, the signing one first. */
  public List<PublicKey> publicKeys() {
    return List.of(publicKey);
  }

  /** {@link #publicKeys} as PEM blocks, the form {@code gateway-public-key} takes. */
  public String publicPem() {
    StringBuilder pem = new StringBuilder();
    publicKeys().forEach(k -> pem.append(GatewayKeys.pem(k)));
    return pem.toString();
  }

  /**
   * A 256-bit key for {@code purpose}, derived from the private key (HMAC-SHA256 keyed by its
   * scalar): gateways that share a signing key derive the same one, and nobody without it can.
   * The shared session store seals agents' MAC keys with it.
   */
  public byte[] derive(String purpose) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(((ECPrivateKey) privateKey).getS().toByteArray(), "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable (" + e.getClass().getSimpleName() + ")");
    }
  }

  /** How logs name the signing key ({@code sha256:} and 16 hex digits). */
  public String fingerprint() {
    return GatewayKeys.fingerprint(publicKey);
  }
}
