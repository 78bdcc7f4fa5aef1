package io.takumo.aegis.detect;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * Random values in the shapes of real secrets, made at run time so that no key, real or
 * realistic-looking, sits in the source. Seeded, so failures reproduce.
 */
public final class FakeSecrets {

  public static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  public static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  public static final String DIGITS = "0123456789";
  public static final String ALNUM = DIGITS + UPPER + LOWER;
  public static final String URL_SAFE = ALNUM + "_-";
  public static final String BASE64 = ALNUM + "+/";

  private final Random random;

  public FakeSecrets(long seed) {
    random = new Random(seed);
  }

  public FakeSecrets() {
    this(42);
  }

  public String chars(String alphabet, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  public String openAiProjectKey() {
    return "sk-proj-" + chars(URL_SAFE, 74) + "T3BlbkFJ" + chars(URL_SAFE, 74);
  }

  public String openAiLegacyKey() {
    return "sk-" + chars(ALNUM, 20) + "T3BlbkFJ" + chars(ALNUM, 20);
  }

  public String anthropicKey() {
    return "sk-ant-api03-" + chars(URL_SAFE, 93) + "AA";
  }

  public String awsAccessKeyId() {
    return "AKIA" + chars(UPPER + "234567", 16);
  }

  public String awsSecretAccessKey() {
    return chars(BASE64, 40);
  }

  /** A GitHub token whose checksum verifies, computed independently of the code under test. */
  public String gitHubToken(String prefix) {
    String random30 = chars(ALNUM, 30);
    return prefix + random30 + base62Crc32(random30);
  }

  public static String base62Crc32(String s) {
    CRC32 crc = new CRC32();
    crc.update(s.getBytes(StandardCharsets.US_ASCII));
    StringBuilder sb = new StringBuilder();
    long v = crc.getValue();
    while (v > 0) {
      sb.insert(0, ALNUM.charAt((int) (v % 62)));
      v /= 62;
    }
    while (sb.length() < 6) {
      sb.insert(0, '0');
    }
    return sb.toString();
  }

  public String gitHubFineGrainedToken() {
    return "github_pat_" + chars(ALNUM, 22) + "_" + chars(ALNUM, 59);
  }

  public String stripeKey(String prefix) {
    return prefix + chars(ALNUM, 99);
  }

  public String slackBotToken() {
    return "xoxb-" + chars(DIGITS, 12) + "-" + chars(DIGITS, 13) + "-" + chars(ALNUM, 24);
  }

  public String slackWebhookPath() {
    return "T"
        + chars(UPPER + DIGITS, 10)
        + "/B"
        + chars(UPPER + DIGITS, 10)
        + "/"
        + chars(ALNUM, 24);
  }

  public String googleApiKey() {
    return "AIza" + chars(URL_SAFE, 35);
  }

  /** A freshly generated RSA key pair, so its PEM is exactly what tools write. */
  public static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** PEM armour with 64-char lines and {@code \n} newlines. */
  public static String pem(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----";
  }
}
