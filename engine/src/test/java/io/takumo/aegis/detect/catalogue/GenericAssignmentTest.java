package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.detect.Detect;
import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.SecretDetector;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Command-line flags, the names a policy adds, and values that only look assigned. */
class GenericAssignmentTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mysql -u admin --password Cl1-Pass-42 orders | password-assignment | Cl1-Pass-42",
        "pg_dump --db-password 'S3cret!Dump' app      | password-assignment | S3cret!Dump",
        "deploy --api-key k7Hq2Lm9Xc4Vb8Nw          | secret-assignment   | k7Hq2Lm9Xc4Vb8Nw",
        "app --client-secret=Zq8Wm3Rt6Yp1Lk4H       | secret-assignment   | Zq8Wm3Rt6Yp1Lk4H",
        "login --token \"u9Fj3Kd8Ls2Qa7Zx\"           | secret-assignment   | u9Fj3Kd8Ls2Qa7Zx",
        "AUTH=Basic-Ya8Kq2Wm5Rt                      | secret-assignment   | Basic-Ya8Kq2Wm5Rt",
        "s3.access_key: Vn3Kq8Lw2Xz7Rt5Y            | secret-assignment   | Vn3Kq8Lw2Xz7Rt5Y",
        "PGPASSWORD=n0tS0s3cret99 psql -h db         | password-assignment | n0tS0s3cret99",
        "dbpassword: 'Kq2!vLx9'                      | password-assignment | Kq2!vLx9",
        "\"CLIENTSECRET\": \"Zq8Wm3Rt6Yp1Lk4H\"        | secret-assignment   | Zq8Wm3Rt6Yp1Lk4H",
        "APITOKEN=u9Fj3Kd8Ls2Qa7Zx                   | secret-assignment   | u9Fj3Kd8Ls2Qa7Zx",
        "My API key: Zq8Wm3Rt6Yp1Lk4HQz8Wm3Rt          | secret-assignment   | Zq8Wm3Rt6Yp1Lk4HQz8Wm3Rt",
        "Secret key = q8w7e6r5t4y3u2i1o0pLmN          | secret-assignment   | q8w7e6r5t4y3u2i1o0pLmN",
        "SECRET_KEY=mysupersecretkey                 | secret-assignment   | mysupersecretkey",
        "<res-password>Container</res-password>       | password-assignment | Container",
      })
  void flagsAndMoreNames(String text, String ruleId, String secret) {
    assertEquals(List.of(hit(ruleId, secret)), found(text));
  }

  /** XML elements and key/name attributes that name a value. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "<password>n0tS0s3cret99</password>                     | password-assignment | n0tS0s3cret99",
        "  <jdbc.password>S3cr3t!Value9</jdbc.password>         | password-assignment | S3cr3t!Value9",
        "<add key=\"OpenAIApiKey\" value=\"Zq8Wm3Rt6Yp1Lk4H\" />   | secret-assignment   | Zq8Wm3Rt6Yp1Lk4H",
        "<property name='db.password' value='S3cr3t!Value9'/>   | password-assignment | S3cr3t!Value9",
        "<entry key=\"client_secret\">Zq8Wm3Rt6Yp1Lk4H</entry>   | secret-assignment   | Zq8Wm3Rt6Yp1Lk4H",
        "<param name=\"API_TOKEN\"  value=\"u9Fj3Kd8Ls2Qa7Zx\"> | secret-assignment   | u9Fj3Kd8Ls2Qa7Zx",
      })
  void xmlNamedValues(String text, String ruleId, String secret) {
    assertEquals(List.of(hit(ruleId, secret)), found(text));
  }

  @Test
  void passwordOfAServerInMavenSettings() {
    String settings =
        "<settings>\n  <servers>\n    <server>\n      <id>releases</id>\n"
            + "      <username>deployer</username>\n      <password>Kq2!vLx9Zt</password>\n"
            + "    </server>\n  </servers>\n</settings>\n";
    assertEquals(List.of(hit("password-assignment", "Kq2!vLx9Zt")), found(settings));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "<password>${db.password}</password>",
        "<password>changeme</password>",
        "<Secret>Hidden until you click</Secret>",
        "<add key=\"ApiKeyHeader\" value=\"X-Api-Key-Zq8Wm3Rt6Yp1\"/>",
        "<add key=\"ApiKey\"/><add value=\"Zq8Wm3Rt6Yp1Lk4H\"/>",
        "List<Token> tokens = new ArrayList<>();",
        "Optional<Password> current = store.find(Zq8Wm3Rt6Yp1Lk4H);",
      })
  void xmlShapesThatNameNoValue(String text) {
    assertEquals(List.of(), found(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "this document is password protected by default",
        "the token expired yesterday, please refresh it",
        "--password-file /run/secrets/db",
        "secret = config[\"jwt\"][\"secret\"]",
        "token = load_token(path)",
        "password_min_length = 12",
        "token_count: 300",
        "MAX_TOKENS=4096",
        "request_id = \"550e8400-e29b-41d4-a716-446655440000\"",
        "integrity: sha512-RdJUflcE3cUzKiMqQgsCu06FPu9UdIJO0beYbPhHN4k6apgJtifcoCtT9bcxOpYBtpD2kC==",
        "access_key: arn:aws:iam::123456789012:user/ci",
        "secret_arn = \"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf\"",
        "scope: urn:acme:token:Xq7Lm2Kw9Rt4Zp8N",
        "<res-auth>Container</res-auth>",
        "const pathToken = \"discriminator\";",
        "auth: Applications",
        "password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256",
        "wifi_password: !secret wifi_password",
        "MasterUserPassword: !Ref DBPassword",
        "auth_image: data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8",
        "token: pk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv",
        "secret: 407408718192-abc123def456.apps.googleusercontent.com",
        "auth: true",
        "OLDPWD=/home/ci/build",
        "BYPASS=Xq7Lm2Kw9Rt4",
        "final String NMTOKEN = \"NMTOKEN\";",
        "public static final String ACCESS_TOKEN = \"access_token\";",
        "API_KEY = \"API_KEY\"",
        "API key: required",
        "API key: Found in the dashboard",
        "api key = os.environ[\"API_KEY\"]",
      })
  void notSecrets(String text) {
    assertEquals(List.of(), found(text));
  }

  /**
   * A plain lower-case word assigned to a password name and followed by more words on its line
   * reads as prose, not as a password (docs/detection-rules.md says why): the same word alone, after
   * punctuation, quoted, capitalised or with a digit is a password.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "password: sunshine please              | ''",
        "password=sunshine please               | ''",
        "password: required field               | ''",
        "password: string (required)            | ''",
        "password: must be at least 8 chars     | ''",
        "# password: rotate it every 90 days    | ''",
        "password: sunshine                     | sunshine",
        "password: sunshine, please             | sunshine",
        "password: \"sunshine\" please          | sunshine",
        "password: Sunshine please              | Sunshine",
        "password: hunter2 please               | hunter2",
      })
  void plainWordPasswordsFollowedByProse(String text, String secret) {
    List<String> expected =
        secret.isEmpty() ? List.of() : List.of(hit("password-assignment", secret));
    assertEquals(expected, found(text));
  }

  @Test
  void specialCharacterPasswordsAreSecrets() {
    assertEquals(List.of(hit("password-assignment", "Summer2024!")), found("password=Summer2024!"));
    assertEquals(List.of(hit("password-assignment", "p@$$w0rd!")), found("pwd: 'p@$$w0rd!'"));
  }

  @Test
  void policyNamesAreFoundInEveryStyle() {
    SecretDetector detector =
        new SecretDetector(BuiltinRules.all(List.of("session_cookie", "vaultUnsealKey")));
    String rule = "secret-assignment";
    assertEquals(
        List.of(
            hit(rule, "Qz8-hW2_pL5!mR7x"),
            hit(rule, "Wm4Ty7Ub2Np9Kc3E"),
            hit(rule, "Lr5Hd8Qs1Xv6Bz2M"),
            hit(rule, "Ge7Kp2Mn9Vc4Rt6J")),
        Detect.found(
            detector,
            "SESSION_COOKIE=Qz8-hW2_pL5!mR7x\n"
                + "sessionCookie: \"Wm4Ty7Ub2Np9Kc3E\"\n"
                + "--session-cookie Lr5Hd8Qs1Xv6Bz2M\n"
                + "vault_unseal-key = Ge7Kp2Mn9Vc4Rt6J\n"
                + "session_cookie_name = sid\n"));
    assertEquals(List.of(), found("SESSION_COOKIE=Qz8-hW2_pL5!mR7x"));
  }

  @Test
  void policyNamesAlsoNameWholeValues() {
    SecretDetector detector = new SecretDetector(BuiltinRules.all(List.of("session_cookie")));
    List<Finding> found = detector.findNamed("sessionCookie", "Qz8-hW2_pL5!mR7x");
    assertEquals(1, found.size());
    assertEquals("secret-assignment", found.get(0).ruleId());
    assertEquals(List.of(), detector.findNamed("sessionCookie", "changeme"));
    assertEquals(List.of(), detector.findNamed("cookieJar", "Qz8-hW2_pL5!mR7x"));
    assertEquals(List.of(), Detect.BUILTIN.findNamed("sessionCookie", "Qz8-hW2_pL5!mR7x"));
  }

  @Test
  void noExtraNamesIsTheBuiltinList() {
    assertSame(BuiltinRules.all(), BuiltinRules.all(List.of()));
  }

  @Test
  void aBadExtraNameIsAClearError() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BuiltinRules.all(List.of("pass code")));
    assertTrue(e.getMessage().startsWith("'pass code' is not a name"), e.getMessage());
  }
}
