package io.takumo.aegis.server.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.protocol.GatewayKeys;
import io.takumo.aegis.protocol.HandshakeTranscript;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.AlgorithmParameters;
import java.security.KeyFactory;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTest {
  /** docs/gateway-protocol.md's test vector: RFC 6979 A.2.5's P-256 key and its public key as agents pin it. */
  private static final String VECTOR_PRIVATE = "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
  private static final String VECTOR_PUBLIC = "-----BEGIN PUBLIC KEY-----\n"
      + "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEYP7UuiVanTHJYet0xjVtaMBJuJI7\n"
      + "Yfps5mliLmDyn7Z5A/4QCLi8maQa6elWKLxk8vGyDC1+n1F3o8KU1EYimQ==\n"
      + "-----END PUBLIC KEY-----\n";

  @TempDir
  Path dir;

  private static String pkcs8Pem(String hexPrivate) throws Exception {
    AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
    p.init(new ECGenParameterSpec("secp256r1"));
    byte[] der = KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(new BigInteger(hexPrivate, 16),
        p.getParameterSpec(ECParameterSpec.class))).getEncoded();
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
  }

  @Test
  void anOperatorsPkcs8KeyGivesThePublicKeyAgentsPin() throws Exception {
    Path file = dir.resolve("key.pem");
    Files.writeString(file, pkcs8Pem(VECTOR_PRIVATE));
    SigningKey key = SigningKey.load(file);
    assertEquals(VECTOR_PUBLIC, key.publicPem());
    byte[] transcript = "transcript".getBytes(StandardCharsets.UTF_8);
    assertTrue(HandshakeTranscript.verify(GatewayKeys.parse(VECTOR_PUBLIC), transcript, key.sign(transcript)));
  }

  @Test
  void withoutOneAKeyIsGeneratedOnceIntoTheDataDirectoryReadableByTheOwnerOnly() throws Exception {
    SigningKey first = SigningKey.loadOrCreate(dir);
    Path file = dir.resolve(SigningKey.FILE);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(first.publicPem(), SigningKey.loadOrCreate(dir).publicPem(), "the same key after a restart");
    assertEquals(1, GatewayKeys.parse(first.publicPem()).size());
  }

  @Test
  void aFileThatIsNotAP256PrivateKeyIsOneLineWithoutItsContent() throws Exception {
    Path file = dir.resolve("bad.pem");
    Files.writeString(file, "-----BEGIN PRIVATE KEY-----\nU0VDUkVUU0VDUkVU\n-----END PRIVATE KEY-----\n");
    String message = assertThrows(IllegalArgumentException.class, () -> SigningKey.load(file)).getMessage();
    assertEquals("--signing-key " + file + ": not an ECDSA P-256 private key", message);
    Files.writeString(file, VECTOR_PUBLIC);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningKey.load(file)).getMessage()
        .endsWith("not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----); convert one with openssl pkcs8 -topk8 -nocrypt"));
    assertFalse(assertThrows(IllegalArgumentException.class, () -> SigningKey.load(dir.resolve("none.pem"))).getMessage()
        .contains("\n"));
  }
}
