package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
