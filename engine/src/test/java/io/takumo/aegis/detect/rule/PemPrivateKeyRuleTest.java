package io.takumo.aegis.detect.rule;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.detect.FakeSecrets;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.KeywordScanner;
import io.takumo.aegis.detect.SecretDetector;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PemPrivateKeyRuleTest {

  private static final String ID = "pem-private-key";
  private static KeyPair keys;

  @BeforeAll
  static void generateKeys() {
    keys = FakeSecrets.rsaKeyPair();
  }

  private static String privateKeyPem() {
    return FakeSecrets.pem("PRIVATE KEY", keys.getPrivate().getEncoded());
  }

  @Test
  void wholePkcs8BlockIsTheSecret() {
    String pem = privateKeyPem();
    assertEquals(List.of(hit(ID, pem)), found("Here is my key:\n" + pem + "\nWhat is wrong?"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ", "PGP "})
  void labelledPrivateKeys(String kind) {
    String label = kind + "PRIVATE KEY" + (kind.equals("PGP ") ? " BLOCK" : "");
    String pem = FakeSecrets.pem(label, keys.getPrivate().getEncoded());
    assertEquals(List.of(hit(ID, pem)), found("key = \"\"\"" + pem + "\"\"\""));
  }

  /** The key of a service account file is named as such; the PEM rule alone finds it as a key. */
  @Test
  void jsonEscapedNewlinesAsInAServiceAccountFile() {
    String escaped = privateKeyPem().replace("\n", "\\n");
    String json =
        "{\"type\": \"service_account\", \"private_key_id\": \"abc\", \"private_key\": \""
            + escaped
            + "\\n\", \"client_email\": \"x@y.iam.gserviceaccount.com\"}";
    assertEquals(List.of(hit("gcp-service-account-key", escaped)), found(json));
    assertEquals(
        List.of(hit(ID, escaped)), found(new SecretDetector(List.of(new PemPrivateKeyRule())), json));
  }

  @Test
  void keyPastedWithWindowsNewlines() {
    String pem = privateKeyPem().replace("\n", "\r\n");
    assertEquals(List.of(hit(ID, pem)), found(pem));
  }

  @Test
  void legacyEncryptedRsaKeyWithHeaders() {
    String body = FakeSecrets.pem("RSA PRIVATE KEY", keys.getPrivate().getEncoded());
    String pem =
        body.replace(
            "-----BEGIN RSA PRIVATE KEY-----\n",
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\n");
    assertEquals(List.of(hit(ID, pem)), found(pem));
  }

  @Test
  void keyCutShortStillCountsUpToItsLastBase64Char() {
    String pem = privateKeyPem();
    String truncated = pem.substring(0, pem.length() / 2).stripTrailing();
    assertEquals(List.of(hit(ID, truncated)), found(truncated + "\n\n(the rest is missing)"));
  }

  @Test
  void twoKeysAreTwoFindings() {
    String a = privateKeyPem();
    String b =
        FakeSecrets.pem("EC PRIVATE KEY", FakeSecrets.rsaKeyPair().getPrivate().getEncoded());
    assertEquals(List.of(hit(ID, a), hit(ID, b)), found(a + "\n\n" + b + "\n"));
  }

  @Test
  void endWithOtherLabelDoesNotCloseTheBlock() {
    String pem = privateKeyPem();
    String body = pem.substring(pem.indexOf('\n') + 1, pem.lastIndexOf("\n-----END"));
    String begin = "-----BEGIN RSA PRIVATE KEY-----\n" + body;
    String text = begin + "\n-----END EC PRIVATE KEY-----\n";
    assertEquals(List.of(hit(ID, begin)), found(text));
  }

  @Test
  void publicKeysAndCertificatesAreNotSecrets() {
    String publicKey = FakeSecrets.pem("PUBLIC KEY", keys.getPublic().getEncoded());
    String rsaPublic = FakeSecrets.pem("RSA PUBLIC KEY", keys.getPublic().getEncoded());
    String cert = FakeSecrets.pem("CERTIFICATE", new FakeSecrets().chars("x", 900).getBytes());
    String pgp = FakeSecrets.pem("PGP PUBLIC KEY BLOCK", keys.getPublic().getEncoded());
    assertEquals(List.of(), found(String.join("\n", publicKey, rsaPublic, cert, pgp)));
  }

  @Test
  void markersWithoutKeyMaterialAreProseNotAKey() {
    assertEquals(
        List.of(),
        found(
            "A key file starts with -----BEGIN RSA PRIVATE KEY----- and ends with "
                + "-----END RSA PRIVATE KEY-----."));
  }

  /** Documentation shows a key's markers around an elided body. */
  @Test
  void documentationExamplesAreNotKeys() {
    assertEquals(
        List.of(),
        found(
            "e.g. `-----BEGIN RSA PRIVATE KEY----- MIIEpQIBAAKCAQEAuyf/lNrH9ck8DmNyo3fG..."
                + " -----END RSA PRIVATE KEY-----`\n"
                + "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\u2026\n"
                + "-----END PRIVATE KEY-----"));
  }

  /** A test key is often made short; short alone does not make it an example. */
  @Test
  void shortRsaTestKeyIsAKey() {
    String key = "-----BEGIN RSA PRIVATE KEY-----\n"
        + "MIIEpQIBAAKCAQEAuyf/lNrH9ck8DmNyo3fGgvCI1l9s+cmBY3WIz+cUDqmxiieR\n"
        + "-----END RSA PRIVATE KEY-----";
    assertEquals(List.of(hit("pem-private-key", key)), found(key));
  }

  /** An Ed25519 key in PKCS#8 is 64 base64 chars: short is not enough to call a key an example. */
  @Test
  void shortEd25519KeyIsAKey() {
    String key = "-----BEGIN PRIVATE KEY-----\n"
        + "MC4CAQAwBQYDK2VwBCIEIBlKqJ0v5x6hG0rS8nQ3zY2mW1pE4tU7aB9cD2fL6kXo\n"
        + "-----END PRIVATE KEY-----";
    assertEquals(List.of(hit("pem-private-key", key)), found("key: |\n" + key + "\n"));
  }

  /**
   * The detector runs the marker regex only around each {@code private key}; that must find what
   * the regex finds over the whole text, on texts made of marker pieces, labels, key bodies and
   * noise, glued at random.
   */
  @Test
  void markersNearTheKeywordAreTheMarkersOfTheWholeText() {
    String body = privateKeyPem().substring(28, 300);
    List<String> pieces =
        new ArrayList<>(
            List.of(
                "-", " ", "\\n", "\n", "BEGIN ", "END ", "RSA ", "PRIVATE KEY", "private key",
                " BLOCK", body, body.substring(0, 40), "key: ", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA "));
    for (String label :
        List.of("PRIVATE KEY", "RSA PRIVATE KEY", "SSH2 ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK",
            "A B C D PRIVATE KEY", "PUBLIC KEY")) {
      for (String kind : List.of("BEGIN", "END")) {
        pieces.add("-----" + kind + " " + label + "-----\n");
        pieces.add("\\n---- " + kind + " " + label + " ----");
      }
    }
    PemPrivateKeyRule rule = new PemPrivateKeyRule();
    KeywordScanner scanner = new KeywordScanner(rule.keywords());
    Random random = new Random(11);
    int withKeys = 0;
    for (int round = 0; round < 2_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        text.append(pieces.get(random.nextInt(pieces.size())));
      }
      List<Finding> whole = new ArrayList<>();
      rule.findIn(text, whole);
      int[] ends = new int[text.length()];
      int[] lengths = new int[text.length()];
      int[] count = {0};
      scanner.scan(
          text,
          (keyword, end) -> {
            ends[count[0]] = end;
            lengths[count[0]++] = "private key".length();
          });
      List<Finding> near = new ArrayList<>();
      rule.findNear(text, ends, lengths, count[0], near);
      assertEquals(whole.toString(), near.toString(), text::toString);
      withKeys += whole.isEmpty() ? 0 : 1;
    }
    assertTrue(withKeys > 200, "texts with a key: " + withKeys);
  }
}
