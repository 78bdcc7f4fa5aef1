package io.takumo.aegis.detect.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The cheap tests that keep a regex from running at keyword occurrences where it cannot match. */
class GatedRuleTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "curl -u deploy:pw https://x          | true",
        "curl --user deploy:pw https://x      | true",
        "curl --user=deploy:pw https://x      | true",
        "curl\t-u\tdeploy:pw                  | true",
        "curl -H 'X: y' https://x -u a:b      | true",
        "curl https://x/-u                    | false",
        "curl -uadmin:pw https://x            | false",
        "curl --username a                    | false",
        "curl https://x\\n -u a:b             | false",
      })
  void userOption(String text, boolean gated) {
    String t = text.replace("\\n", "\n").replace("\\t", "\t");
    assertEquals(gated, GatedRule.userOptionAt(t, 0, 4));
  }

  /** The gate's fast path skips chars above a space: line ends and blanks still count. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "curl https://x?a=b -u a:b            | true",
        "curl 'https://x' \\t-u a:b           | true",
        "curl https://x\\r -u a:b             | false",
        "curl https://x\\u00a0-u a:b          | false",
        "curl https://x\\u2003-u a:b          | false",
        "curl https://x -U a:b                | false",
      })
  void userOptionEdges(String text, boolean gated) {
    assertEquals(gated, GatedRule.userOptionAt(unescape(text), 0, 4));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "secret=x                                 | true",
        "secret: x                                | true",
        "Secret Access Key [None]: x              | true",
        "secret access key ~ {a} > b ? c ! d = x  | true",
        "secret rotation is handled by vault\\nx=1 | false",
        "secret rotation\\r: x                    | false",
        "secret > x                               | false",
      })
  void separatorSoonAfter(String text, boolean gated) {
    assertEquals(gated, GatedRule.separatorSoonAfter(unescape(text), 0, 6));
  }

  /** The separator must come within 64 chars of the keyword's end. */
  @Test
  void separatorWithin64Chars() {
    String name = "secret";
    String at63 = name + "x".repeat(63) + "=v";
    String at64 = name + "x".repeat(64) + "=v";
    assertTrue(GatedRule.separatorSoonAfter(at63, 0, 6));
    assertFalse(GatedRule.separatorSoonAfter(at64, 0, 6));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres://app:pw@db/x                   | true",
        "https://u:p\\u00a0q@host                 | true",
        "https://u:p\\u00e9q@host                 | true",
        "https://u:p\\u2003q@host                 | false",
        "https://u:p\\u0085q@host                 | true",
        "https://u:p\\u001fq@host                 | false",
        "https://u:p q@host                       | false",
        "https://api.example.com/v1/items         | false",
        "https://u:p<q@host                       | false",
      })
  void userInfo(String text, boolean gated) {
    String t = unescape(text);
    // The keyword is the scheme up to its "://".
    assertEquals(gated, GatedRule.userInfoAt(t, 0, t.indexOf(':')));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Authorization: Bearer abc                   | true",
        "Authorization:Bearer  abc                   | true",
        "authorization = Token abc                   | true",
        "\"authorization\": \"Basic abc            | true",
        "Authorization\\\": \\\"Bearer abc        | true",
        "x = 'Authorization': 'Bearer abc            | true",
        "Authorization: Bearer\\tabc                 | true",
        "Authorization: Bearer ~abc                  | true",
        "Authorization: Bearer $TOKEN                | false",
        "Authorization: Bearer <token>               | false",
        "Authorization: Bearer                       | false",
        "Authorization: Bearerabc                    | false",
        "Authorization header                        | false",
        "Authorization: \\t Bearer abc                | true",
      })
  void credentials(String text, boolean gated) {
    String t = unescape(text);
    int start = t.toLowerCase(java.util.Locale.ROOT).indexOf("authorization");
    assertEquals(gated, GatedRule.credentialsAt(t, start, start + "authorization".length()));
  }

  /** {@code \\n}, {@code \\r}, {@code \\t} and {@code \\uXXXX} as in Java source. */
  private static String unescape(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char d = text.charAt(i + 1);
        if (d == 'n' || d == 'r' || d == 't') {
          sb.append(d == 'n' ? '\n' : d == 'r' ? '\r' : '\t');
          i++;
          continue;
        }
        if (d == 'u' && i + 5 < text.length()) {
          sb.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
          i += 5;
          continue;
        }
      }
      sb.append(c);
    }
    return sb.toString();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL  | true",
        "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJK   | false",
        "sk-abcdefghijklmnopqrstuvwxyz_0123456789ABCDEFGHIJKL | false",
        "sk-based                                             | false",
      })
  void alphanumericsAfterPrefix(String text, boolean gated) {
    assertEquals(gated, GatedRule.alphanumericsAfter(48).mayMatchAt(text, 0, 3));
  }
}
