package io.takumo.aegis.detect.rule;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AssignmentRulesTest {

  private static final String PWD = "password-assignment";
  private static final String SEC = "secret-assignment";

  /** Each line: the text, then the value that must be found as a password. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "DB_PASSWORD=Summer2024!                          | Summer2024!",
        "password: Tr0ub4dor&3                            | Tr0ub4dor&3",
        "spring.datasource.password=S3cr3t_Spring!        | S3cr3t_Spring!",
        "  passwd = 'hunter2!'                            | hunter2!",
        "\"password\": \"correct-Horse-7\"                | correct-Horse-7",
        "{\"password\":\"x9!kD#2mQ\"}                      | x9!kD#2mQ",
        "dbPassword := \"G0lang-Pw\"                       | G0lang-Pw",
        ":password => 'rubyPw#99'                         | rubyPw#99",
        "PWD=Aa1!Bb2@Cc3#                                 | Aa1!Bb2@Cc3#",
        "userPwd: \"mixedCase9\"                          | mixedCase9",
        "DB_PASS=n0tAFiller9                              | n0tAFiller9",
        "ssh_passphrase=\"Seven-Blue-Horses-1\"           | Seven-Blue-Horses-1",
        "password2=second^Pass%7                          | second^Pass%7",
        "$config['db_password'] = 'Ph9!pW0rd';            | Ph9!pW0rd",
        "const password = `tmpl8Pass!`;                   | tmpl8Pass!",
        "mysql -u root --password=Cli-Pass-42 db          | Cli-Pass-42",
        "Password: letmein                                | letmein",
      })
  void passwordValues(String text, String value) {
    assertEquals(List.of(hit(PWD, value)), found(text));
  }

  /** Each line: the text, then the value that must be found as a secret. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "client_secret=4f9a8c7e6d5b4a39281706f5e4d3c2b1       | 4f9a8c7e6d5b4a39281706f5e4d3c2b1",
        "clientSecret: \"Kq2VnL8xPz4RtW6y\"                   | Kq2VnL8xPz4RtW6y",
        "SECRET_KEY = 'django-insecure-8k#2h!x9@q'           | django-insecure-8k#2h!x9@q",
        "JWT_SECRET=aVeryL0ngRandomJwtS1gningKey             | aVeryL0ngRandomJwtS1gningKey",
        "api_key: 9d8c7b6a5f4e3d2c1b0a                       | 9d8c7b6a5f4e3d2c1b0a",
        "apikey=Zx81Lq0PaW3e                                 | Zx81Lq0PaW3e",
        "X-API-Key: 3c6e0b8a9c15224a8228b9a98ca1531d          | 3c6e0b8a9c15224a8228b9a98ca1531d",
        "\"apiKey\": \"live_93kd8s7d6f5g4h3j\"               | live_93kd8s7d6f5g4h3j",
        "access_token=ya29.a0AfB_byC3d4E5f6G7h8            | ya29.a0AfB_byC3d4E5f6G7h8",
        "AUTH_TOKEN=tok_8f7e6d5c4b3a2910                     | tok_8f7e6d5c4b3a2910",
        "refreshToken: 'r1.Zm9vYmFyYmF6cXV4'                 | r1.Zm9vYmFyYmF6cXV4",
        "token = \"550e8400-e29b-41d4-a716-446655440000\"    | 550e8400-e29b-41d4-a716-446655440000",
        "private_key: MIIEvQIBADANBgkqhkiG9w0BAQEF            | MIIEvQIBADANBgkqhkiG9w0BAQEF",
        "credentials=user1:Cr3dP4ss                          | user1:Cr3dP4ss",
        "SENDGRID_API_KEY=SG.abc123XYZ.def456UVW             | SG.abc123XYZ.def456UVW",
      })
  void secretValues(String text, String value) {
    assertEquals(List.of(hit(SEC, value)), found(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        // placeholders
        "password=${DB_PASSWORD}",
        "password: \"${DB_PASSWORD}\"",
        "password: {{ .Values.db.password }}",
        "password: \"{{ vault_db_password }}\"",
        "api_key=<your-api-key>",
        "API_KEY=\"<your-key>\"",
        "set PASSWORD=%DB_PASSWORD%",
        "api_key: xxxxxxxxxxxxxxxx",
        "password: \"********\"",
        "password = changeme",
        "password: CHANGE_ME",
        "OPENAI_API_KEY=your-api-key-here",
        "OPENAI_API_KEY=sk-...",
        "token: \"[REDACTED]\"",
        "<password>@db.password@</password>",
        "<token>@projectversion@</token>",
        "<token>\\$BUILD_TIME\\$</token>",
        "<replacefilter token=\".qualifier\" value=\".${commit.time.version}\"/>",
        "secret: example-secret-value",
        "password: dummyPassword1",
        // references
        "password = os.environ[\"DB_PASSWORD\"]",
        "password = os.getenv('DB_PASSWORD')",
        "const apiKey = process.env.OPENAI_API_KEY;",
        "String password = System.getenv(\"DB_PASSWORD\");",
        "password := os.Getenv(\"DB_PASSWORD\")",
        "token = get_token()",
        "password = getPassword();",
        "self.api_key = api_key",
        "secret = settings.SECRET_KEY",
        "password=$DB_PASSWORD",
        "'password' => $dbPassword,",
        "token: ${{ secrets.GITHUB_TOKEN }}",
        "password = userInput",
        "credentials_path: /etc/app/credentials.json",
        "token_url: https://auth.example.com/oauth/token",
        // numbers, booleans, null, short, low entropy, settings
        "password_min_length = 12",
        "token_count: 300",
        "max_tokens: 1024",
        "\"max_tokens\": 4096,",
        "token: 123456789",
        "password: true",
        "password: null",
        "\"password\": None",
        "password = undefined",
        "password=abc12",
        "password = \"\"",
        "secret: aaaaaaaa",
        "token: abababab",
        "password: required",
        "token_type: bearer",
        "password:",
        "password:\n  file: /run/secrets/db",
        // prose and look-alikes
        "Please enter your password: it must be long",
        "The token: is required",
        "type=\"password\" name=\"pwd\"",
        "if password == \"\": return",
        "tokenizer = AutoTokenizer.from_pretrained(model)",
        "bypass=on compass=north",
        // a value with spaces reads as prose, so passphrases with spaces are not found
        "export POSTGRES_PASSWORD=\"Enter the password\"",
        "passwords: [a, b]",
      })
  void notSecrets(String text) {
    assertEquals(List.of(), found(text));
  }

  @Test
  void valueSpanExcludesNameQuotesAndSeparator() {
    String text = "{\"db\": {\"user\": \"app\", \"password\": \"Qw3rty!9\"}}";
    assertEquals(List.of(hit(PWD, "Qw3rty!9")), found(text));
  }

  @Test
  void escapedQuotesInsideDoubleQuotedValueStay() {
    assertEquals(List.of(hit(PWD, "ab\\\"cd!9x")), found("\"password\": \"ab\\\"cd!9x\""));
  }

  @Test
  void jsonEscapedDotEnvSplitsAtEscapedNewlines() {
    String text = "\"content\": \"DB_PASSWORD=Pg-Secret-77\\nAPI_KEY=k3y-v4lue-991\\nDEBUG=true\"";
    assertEquals(List.of(hit(PWD, "Pg-Secret-77"), hit(SEC, "k3y-v4lue-991")), found(text));
  }

  @Test
  void codeInsideAJsonStringWithEscapedQuotes() {
    String text = "{\"role\":\"user\",\"content\":\"conn = connect(password=\\\"Esc4ped!Pw\\\")\"}";
    assertEquals(List.of(hit(PWD, "Esc4ped!Pw")), found(text));
  }

  @Test
  void severalAssignmentsOnOneLine() {
    String text = "user=app&password=Qx7!mLp2&token=Tk9-zz81-LQ";
    assertEquals(List.of(hit(PWD, "Qx7!mLp2"), hit(SEC, "Tk9-zz81-LQ")), found(text));
  }

  @Test
  void ownTokensAreNotFoundAgain() {
    assertEquals(List.of(), found("password=TKM_pwd_0123456789abcdefghjk"));
  }

  /**
   * A random secret that happens to hold {@code your} or {@code xxxx} is still one; the same words
   * at a value's end, or next to a mark, still make a placeholder.
   */
  @ParameterizedTest
  @CsvSource({
    "SECRET_KEY=q8Zt2YourWm4Kp9Lx3Vb7Nc1Hd6Jf0Rs5Tg, q8Zt2YourWm4Kp9Lx3Vb7Nc1Hd6Jf0Rs5Tg",
    "api_key: Hq7XXXXmP2vL9kR4tW8zN3bC6yD1fG5j, Hq7XXXXmP2vL9kR4tW8zN3bC6yD1fG5j",
    "client_secret = \"b3yourk9QmZ7Lp2Xv8Rt4Wn6Jc1Hd5Fg0S\", b3yourk9QmZ7Lp2Xv8Rt4Wn6Jc1Hd5Fg0S",
  })
  void aRandomSecretHoldingAPlaceholderWordByChanceIsFound(String text, String secret) {
    List<String> found = found(text);
    assertEquals(1, found.size(), found.toString());
    assertTrue(found.get(0).endsWith("=" + secret), found.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "SECRET_KEY=YourSecretKey123",
    "api_key: sk-xxxxxxxxxxxxxxxx1234",
    "client_secret=enter_your_client_secret_2",
    "token: abcd1234-YOUR-TOKEN",
    "api_key=putyourkeyhere",
  })
  void placeholderWordsAtAnEndOrAMarkStillMakeAPlaceholder(String text) {
    assertEquals(List.of(), found(text));
  }
}
