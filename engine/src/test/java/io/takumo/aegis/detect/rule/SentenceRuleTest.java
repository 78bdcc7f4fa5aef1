package io.takumo.aegis.detect.rule;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takumo.aegis.detect.Finding;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords, keys and tokens told in sentences, as users write them in chat prompts, and prose
 * that only talks about them.
 */
class SentenceRuleTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "my password is hunter2horse and then the VPN asks for a code | hunter2horse",
        "the password is Summer2024! for the wifi                      | Summer2024!",
        "The password for the staging box was \"Summer2024!\" btw       | Summer2024!",
        "wifi password is: letmein99.                                  | letmein99",
        "my password is now Tr0ub4dor&3, can you check the login?      | Tr0ub4dor&3",
        "password is 'sunshine' (all lower case)                       | sunshine",
        "Password for user bob is bob12345                             | bob12345",
        "db_password is Q7x-mN2!pz                                     | Q7x-mN2!pz",
        "my passphrase is “blue42sky”                                  | blue42sky",
        "{\"content\": \"my password is hunter2horse\\nthanks\"}           | hunter2horse",
      })
  void findsThePasswordOfTheSentence(String text, String secret) {
    assertEquals(List.of(hit(SentenceRule.PASSWORD_ID, secret)), found(text));
  }

  @Test
  void aPasswordGivenWithAColonIsAnAssignmentAsBefore() {
    assertEquals(
        List.of(hit("password-assignment", "sunshine42")),
        found("password: sunshine42 please use it"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "password is required",
        "A password is required on every login.",
        "the password field is case-sensitive",
        "the password is case-sensitive",
        "the password is stored hashed with bcrypt",
        "password is SHA-256",
        "the password is sha256 hashed",
        "the password is base64-encoded",
        "our password manager is 1Password",
        "the password is in 1Password",
        "the old password was too short",
        "password was reset on 2024-01-31",
        "password is 8+ characters",
        "Your password is: ${PASSWORD}",
        "password is ********",
        "password is <redacted>",
        "the default password is changeme123",
        "password is 'password'",
        "passwords are hunter2horse",
        "mypassword is hunter2horse",
        "password reset is at /account/password.",
        "the password\nis hunter2horse",
        "the password for this account, as you know, is hunter2horse",
        "@throws NullPointerException when password is {@code null}",
        "the password is <b>hunter2horse</b>",
      })
  void leavesProseAboutPasswordsAlone(String text) {
    assertEquals(List.of(), found(text));
  }

  @Test
  void findsEachOfSeveralAndWorksAloneToo() {
    String text = "my password is hunter2horse, and the password of the nas was Kq8!zzTop";
    List<Finding> findings = new ArrayList<>();
    SentenceRule.passwords().findIn(text, findings);
    assertEquals(2, findings.size());
    assertEquals("hunter2horse", text.substring(findings.get(0).start(), findings.get(0).end()));
    assertEquals("Kq8!zzTop", text.substring(findings.get(1).start(), findings.get(1).end()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "our api key is Zq8Wm3Rt6Yp1Lk4HQz8Wm3Rt and it stopped working | Zq8Wm3Rt6Yp1Lk4HQz8Wm3Rt",
        "the token is u9Fj3Kd8Ls2Qa7Zx9Fj3Kd8L, is it expired?            | u9Fj3Kd8Ls2Qa7Zx9Fj3Kd8L",
        "The API key for the staging env was \"k7Hq2Lm9Xc4Vb8Nw\"           | k7Hq2Lm9Xc4Vb8Nw",
        "client secret is: q8w7e6r5t4y3u2i1o0pLmN                         | q8w7e6r5t4y3u2i1o0pLmN",
        "my access key is now Vn3Kq8Lw2Xz7Rt5Y.                            | Vn3Kq8Lw2Xz7Rt5Y",
        "the secret key is 9f8e7d6c5b4a39281706                           | 9f8e7d6c5b4a39281706",
      })
  void findsTheKeyOrTokenOfTheSentence(String text, String secret) {
    assertEquals(List.of(hit(SentenceRule.SECRET_ID, secret)), found(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "the token is expired, how do I refresh it?",
        "the token is valid for 3600s only",
        "the API key is required for every call",
        "the secret is to keep the cache warm",
        "the token is 'refresh'",
        "the api key is ${OPENAI_API_KEY}",
        "the token is sha256-abc123def456 digest",
        "my token is v2x9 short",
        "the secret is base64-encoded",
        "\"A location path was expected, but the following token was encountered\\u003a  {0}\"},",
      })
  void leavesProseAboutKeysAndTokensAlone(String text) {
    assertEquals(List.of(), found(text));
  }
}
