package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inputs built to make a matcher work hard. RE2/J and the rules' own scans are linear, so each must
 * simply finish; the test runs them without timing them. A quarter megabyte is enough: anything
 * quadratic would need some 10^10 steps on it and never finish within the build's time. Linear is
 * not enough, though: a rule that walks its whole keyword window again from each of many
 * overlapping keyword occurrences is linear with a factor of a thousand, so the work itself is
 * counted too, as the chars the detector reads.
 */
class HostileInputTest {

  private static final int SIZE = 1 << 18;

  /**
   * How many times, at most, the detector may read each char of a hostile text. Today's worst
   * case reads each about 11 times; walking a keyword window from every occurrence read them
   * hundreds of times.
   */
  private static final int READS_PER_CHAR = 32;

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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password=",
        "password: ",
        "password=\"",
        "token=\\\"",
        "secret_token=",
        "sk-",
        "sk-ant-api03-",
        "sk-proj-",
        "AKIA",
        "ghp_",
        "npm_",
        "xoxb-1-",
        "glpat-",
        "eyJ",
        "postgres://u:",
        "https://a:b@",
        "Authorization: Bearer ",
        "curl -u a:",
        "-----BEGIN PRIVATE KEY-----\nAAAA\n",
        "aws_secret_access_key=",
        "AccountKey=",
        "_Password",
      })
  void readsEachCharABoundedNumberOfTimes(String unit) {
    long small = reads(repeat(unit, 1 << 14));
    long large = reads(repeat(unit, 1 << 15));
    assertTrue(
        small <= (long) READS_PER_CHAR << 14,
        () -> "read " + small / (double) (1 << 14) + " times per char");
    assertTrue(large <= small * 5 / 2, () -> "twice the text, " + large / (double) small + " times the work");
  }

  private static String repeat(String unit, int size) {
    StringBuilder sb = new StringBuilder(size + unit.length());
    while (sb.length() < size) {
      sb.append(unit);
    }
    return sb.substring(0, size);
  }

  /** How many chars the built-in detector reads to search {@code text}. */
  private static long reads(String text) {
    long[] count = {0};
    Detect.BUILTIN.find(new CountingText(text, 0, text.length(), count));
    return count[0];
  }

  /** A text that counts the chars read from it, and from its parts, into one counter. */
  private static final class CountingText implements CharSequence {

    private final String text;
    private final int offset;
    private final int length;
    private final long[] count;

    CountingText(String text, int offset, int length, long[] count) {
      this.text = text;
      this.offset = offset;
      this.length = length;
      this.count = count;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (index < 0 || index >= length) {
        throw new IndexOutOfBoundsException("index " + index);
      }
      count[0]++;
      return text.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      if (start < 0 || end < start || end > length) {
        throw new IndexOutOfBoundsException("[" + start + "," + end + ")");
      }
      return new CountingText(text, offset + start, end - start, count);
    }

    @Override
    public String toString() {
      count[0] += length;
      return text.substring(offset, offset + length);
    }
  }
}
