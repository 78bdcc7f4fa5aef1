package io.takumo.aegis.e2e;

import java.security.SecureRandom;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A chat message full of secrets of the kinds the agent must catch, mixed with look-alikes it
 * must leave alone. Fresh random values each run, in the real formats (not real keys).
 */
final class TestSecrets {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  /** The random parts of the secrets below: none of them may show, even when a secret is cut short. */
  private final List<String> randomParts = new java.util.ArrayList<>();

  final String openAiKey = "sk-proj-" + secretPart(ALNUM + "_-", 40) + "T3BlbkFJ" + secretPart(ALNUM, 40);
  final String anthropicKey = "sk-ant-api03-" + secretPart(ALNUM + "_-", 93) + "AA";
  final String awsKeyId = "AKIA" + secretPart("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16);
  final String githubToken = githubToken();
  /** A password with the characters that must survive escaping: quote, backslash, non-ASCII. */
  final String password = "Tr0ub4dor&3\"q\\é" + secretPart(ALNUM, 6);
  final String privateKey = "-----BEGIN RSA PRIVATE KEY-----\n"
      + secretPart(ALNUM + "+/", 64) + "\n" + secretPart(ALNUM + "+/", 64) + "\n" + secretPart(ALNUM + "+/", 40) + "=\n"
      + "-----END RSA PRIVATE KEY-----";

  /** Values that look like secrets but are not; the provider must see them exactly. */
  final List<String> lookAlikes = List.of(
      "123e4567-e89b-12d3-a456-426614174000",
      "3f786850e387550fdab836ed7e6dc881de23001b",
      "pk_live_" + random(ALNUM, 24),
      "sk-...",
      "gpt-4o-mini",
      "${OPENAI_API_KEY}",
      "password_min_length = 12");

  List<String> secrets() {
    return List.of(openAiKey, anthropicKey, awsKeyId, githubToken, password, privateKey);
  }

  /**
   * Describes the first secret, or random part of one, that {@code text} holds as it is or
   * JSON-escaped, without its value; null when there is none. A secret cut short by the detector
   * leaks the rest of itself: its random part still shows.
   */
  String leakIn(String text) {
    for (String secret : secrets()) {
      if (text.contains(secret) || text.contains(jsonEscaped(secret))) {
        return "a secret of " + secret.length() + " chars starting " + secret.substring(0, 4);
      }
    }
    for (String secret : secrets()) {
      for (String part : randomParts) {
        if (secret.contains(part) && text.contains(part)) {
          return part.length() + " random chars of the secret of " + secret.length() + " chars starting "
              + secret.substring(0, 4);
        }
      }
    }
    return null;
  }

  static String jsonEscaped(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private String secretPart(String alphabet, int n) {
    String part = random(alphabet, n);
    randomParts.add(part);
    return part;
  }

  /** The chat message the apps send. */
  String message() {
    return "Please check my deploy config (日本語 ok, emoji 🎉):\n"
        + "OPENAI_API_KEY=" + openAiKey + "\n"
        + "ANTHROPIC_API_KEY=" + anthropicKey + "\n"
        + "AWS_ACCESS_KEY_ID=" + awsKeyId + "\n"
        + "GITHUB_TOKEN=" + githubToken + "\n"
        + "DB_PASSWORD=" + password + "\n"
        + privateKey + "\n"
        + "Not secrets: request " + lookAlikes.get(0) + ", commit " + lookAlikes.get(1) + ", stripe publishable "
        + lookAlikes.get(2) + ", placeholder " + lookAlikes.get(3) + ", model " + lookAlikes.get(4) + ", env ref "
        + lookAlikes.get(5) + ", " + lookAlikes.get(6) + ".";
  }

  /** A classic GitHub token: 30 random chars, then their CRC32 (of those chars only) in base62. */
  private String githubToken() {
    String body = secretPart(ALNUM, 30);
    CRC32 crc = new CRC32();
    crc.update(body.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    return "ghp_" + body + base62(crc.getValue(), 6);
  }

  private static String base62(long value, int width) {
    String digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    StringBuilder s = new StringBuilder();
    while (value > 0) {
      s.insert(0, digits.charAt((int) (value % 62)));
      value /= 62;
    }
    while (s.length() < width) {
      s.insert(0, '0');
    }
    return s.toString();
  }

  static String random(String alphabet, int n) {
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return s.toString();
  }
}
