package io.takumo.aegis.detect.heuristic;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unquoted values that hold a char the grammar stops at ({@code ,;&<>(){}[]}, quotes, backslashes):
 * in an env line or a flag the whole value is the secret; in a list, a query string, a connection
 * string, markup or code the value ends there.
 */
class BareValueTest {

  private static final String PWD = "password-assignment";
  private static final String SEC = "secret-assignment";

  /** Each line: the text, the rule, then the whole value that must be found. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        "DB_PASSWORD=Tr0ub4dor&3\"q\\é9xKq2                 | " + PWD + " | Tr0ub4dor&3\"q\\é9xKq2",
        "export PASSWORD=Sum!(mer)2024x                    | " + PWD + " | Sum!(mer)2024x",
        "password: P@ss;9w0rd!x                             | " + PWD + " | P@ss;9w0rd!x",
        "password=Tr0ub,4dor!x                             | " + PWD + " | Tr0ub,4dor!x",
        "--password Gr8<3Pw!x db                           | " + PWD + " | Gr8<3Pw!x",
        "API_TOKEN=k7Hq2Lm9{Xc4}Vb8Nw                      | " + SEC + " | k7Hq2Lm9{Xc4}Vb8Nw",
        "client_secret=Zq8W'm3Rt6Yp1Lk4H                   | " + SEC + " | Zq8W'm3Rt6Yp1Lk4H",
        "secret=Zq8W![m3]Rt6Yp1k                           | " + SEC + " | Zq8W![m3]Rt6Yp1k",
        "PASSWORD=ab\\\\cd&ef9!Q2                          | " + PWD + " | ab\\\\cd&ef9!Q2",
      })
  void extendsThroughTheStopChars(String text, String rule, String value) {
    assertEquals(List.of(hit(rule, value)), found(text));
  }

  /** The e2e suite's password, in a .env file: every char of it, and nothing of the next line. */
  @Test
  void envFilePasswordIsFoundWhole() {
    String password = "Tr0ub4dor&3\"q\\\u00e99xKq2";
    assertEquals(
        List.of(hit(PWD, password), hit(SEC, "Kq2VnL8xPz4RtW6y")),
        found("DB_PASSWORD=" + password + "\nAPI_TOKEN=Kq2VnL8xPz4RtW6y\n"));
  }

  /** Each line: the text, the rule, then the value, which ends at the stop char. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      value = {
        // URL query strings
        "https://api.example.com/v1?token=Kq2VnL8xPz4RtW6y&user=bob        | " + SEC + " | Kq2VnL8xPz4RtW6y",
        "https://x.example/cb?api_key=Kq2VnL8xPz4RtW6y&amp;page=2          | " + SEC + " | Kq2VnL8xPz4RtW6y",
        "GET /login?password=S3cr3t!x9&remember=1 HTTP/1.1                 | " + PWD + " | S3cr3t!x9",
        // JDBC and ADO.NET connection strings
        "jdbc:sqlserver://db:1433;user=app;password=S3cr3t!x9;encrypt=true | " + PWD + " | S3cr3t!x9",
        "jdbc:mysql://db/app?user=app&password=S3cr3t!x9&useSSL=true       | " + PWD + " | S3cr3t!x9",
        "Server=db;Database=app;User Id=sa;Password=S3cr3t!x9;             | " + PWD + " | S3cr3t!x9",
        "Server=db;Password=S3cr3t!x9;Trusted_Connection=False             | " + PWD + " | S3cr3t!x9",
        "Host=db;Password=S3cr3t!x9;User Id=sa                             | " + PWD + " | S3cr3t!x9",
        // lists, calls, markup, shell
        "password=S3cr3t!x9, next one                                      | " + PWD + " | S3cr3t!x9",
        "login(user=bob,password=S3cr3t!x9)                                | " + PWD + " | S3cr3t!x9",
        "conn(password=S3cr3t!x9,timeout=30)                               | " + PWD + " | S3cr3t!x9",
        "{token: Kq2VnL8xPz4RtW6y}                                         | " + SEC + " | Kq2VnL8xPz4RtW6y",
        "<td>password=S3cr3t!x9</td>                                       | " + PWD + " | S3cr3t!x9",
        "TOKEN=Kq2VnL8xPz4RtW6y&&./deploy.sh                               | " + SEC + " | Kq2VnL8xPz4RtW6y",
        "PASSWORD=S3cr3t!x9;echo done                                      | " + PWD + " | S3cr3t!x9",
        "[\"PASSWORD=S3cr3t!x9\",\"OTHER=1\"]                              | " + PWD + " | S3cr3t!x9",
        "{\"env\":\"DB_PASSWORD=S3cr3t!x9\\nAPI=1\"}                       | " + PWD + " | S3cr3t!x9",
        "{\\\"cmd\\\":\\\"PASSWORD=S3cr3t!x9\\\"}                          | " + PWD + " | S3cr3t!x9",
      })
  void stopsAtTheNextItem(String text, String rule, String value) {
    assertEquals(List.of(hit(rule, value)), found(text));
  }

  /** Calls and references stay code, not secrets. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "password = getPassword();",
        "password = os.environ[\"DB_PASSWORD\"]",
        "token = self.load_token(path)&x",
        "secret = config[\"jwt\"][\"secret\"]",
        "$password = $_ENV['DB_PASSWORD'];",
        "api_key=os.getenv(\"API_KEY\")",
      })
  void callsAndReferencesAreNotSecrets(String text) {
    assertEquals(List.of(), found(text));
  }
}
