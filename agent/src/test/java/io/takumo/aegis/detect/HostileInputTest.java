package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs built to make a matcher work hard. RE2/J and the rules' own scans are linear, so each must
 * simply finish; the test runs them without timing them. A quarter megabyte is enough: anything
 * quadratic would need some 10^10 steps on it and never finish within the build's time.
 */
class HostileInputTest {

  private static final int SIZE = 1 << 18;

  private static String repeat(String unit) {
    StringBuilder sb = new StringBuilder(SIZE + unit.length());
    while (sb.length() < SIZE) {
      sb.append(unit);
    }
    return sb.toString();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password=",
        "password: ",
        "password=\"",
        "password='x",
        "token=\\\"",
        "a",
        "sk-",
        "sk-ant-api03-",
        "AKIA",
        "ghp_",
        "xoxb-1-",
        "://",
        "postgres://u:",
        "https://a:b@",
        "-----BEGIN RSA PRIVATE KEY-----",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n",
        "-----END PRIVATE KEY-----",
        "aws_secret_access_key=",
        "_Password",
        "\u00e9",
      })
  void finishesOnRepeatedBait(String unit) {
    assertNotNull(Detect.BUILTIN.find(repeat(unit)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"password=", "sk-proj-", "AIza", "-----BEGIN PRIVATE KEY-----\n"})
  void finishesOnBaitFollowedByLetters(String bait) {
    assertNotNull(Detect.BUILTIN.find(bait + "a".repeat(SIZE)));
  }
}
