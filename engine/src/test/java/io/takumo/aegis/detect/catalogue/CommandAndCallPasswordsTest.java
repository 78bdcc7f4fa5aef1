package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takumo.aegis.detect.Detect;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Passwords on command lines ({@code cli-password-option}), in {@code .netrc} entries, in SQL
 * statements ({@code sql-password}), passed to credentials calls in code, and PEM private keys
 * encoded in base64 whole.
 */
class CommandAndCallPasswordsTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "mysql -h db -u root -pXq7mR2wLp9 app                  | cli-password-option      | Xq7mR2wLp9",
        "mysqladmin -u root -p'Xq7!mR2wLp9' status              | cli-password-option      | Xq7!mR2wLp9",
        "sshpass -p 'Xq7mR2wLp9' ssh bob@host                    | cli-password-option      | Xq7mR2wLp9",
        "redis-cli -h cache -a Xq7mR2wLp9 ping                   | cli-password-option      | Xq7mR2wLp9",
        "docker login -u bob -p Xq7mR2wLp9 registry.acme.dev     | cli-password-option      | Xq7mR2wLp9",
        "machine github.com login bob password Xq7mR2wLp9        | netrc-password           | Xq7mR2wLp9",
        "machine localhost login dev password Xq7mR2wLp9        | netrc-password           | Xq7mR2wLp9",
        "new UsernamePasswordCredentials(\"bob\", \"Xq7!mR2wLp9\") | credential-call-password | Xq7!mR2wLp9",
        "new PasswordAuthentication(\"bob\", \"Xq7!mR2wLp9\".toCharArray()) | credential-call-password | Xq7!mR2wLp9",
        "headers.setBasicAuth(\"bob\", \"Xq7!mR2wLp9\");          | credential-call-password | Xq7!mR2wLp9",
        "String c = Credentials.basic(\"bob\", \"Xq7!mR2wLp9\");   | credential-call-password | Xq7!mR2wLp9",
        "s.auth = HTTPDigestAuth('bob', 'Xq7!mR2wLp9')            | credential-call-password | Xq7!mR2wLp9",
        "getConnection(\"jdbc:h2:mem:test\", \"sa\", \"Xq7!mR2wLp9\") | credential-call-password | Xq7!mR2wLp9",
        "CREATE USER app WITH PASSWORD 'Xq7!mR2wLp9';            | sql-password             | Xq7!mR2wLp9",
        "create role app login encrypted password 'Xq7 mR2wLp9'  | sql-password             | Xq7 mR2wLp9",
        "ALTER USER postgres PASSWORD 'Xq7!mR2wLp9';              | sql-password             | Xq7!mR2wLp9",
        "CREATE USER 'bob'@'%' IDENTIFIED BY 'Xq7!mR2wLp9';      | sql-password             | Xq7!mR2wLp9",
        "CREATE USER bob IDENTIFIED BY \"Xq7!mR2wLp9\";          | sql-password             | Xq7!mR2wLp9",
      })
  void foundInItsPlace(String text, String ruleId, String secret) {
    assertEquals(List.of(hit(ruleId, secret)), Detect.found(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql -h db -u root -p app",
        "mysql -h db -P3306 -u root app",
        "mysql -u root -p$MYSQL_PWD app",
        "sshpass -f ~/.pw ssh bob@host",
        "redis-cli -a \"$REDIS_PASSWORD\" ping",
        "docker login -u bob --password-stdin registry.acme.dev",
        "the machine learning login page password field is empty",
        "machine localhost login dev password $LOCAL_PASSWORD",
        "DriverManager.getConnection(url, user, password);",
        "new UsernamePasswordCredentials(\"user\", \"password\")",
        "Credentials.basic(username, password)",
        "CREATE USER app WITH PASSWORD :'app_password';",
        "ALTER ROLE app PASSWORD NULL;",
        "CREATE USER bob IDENTIFIED BY '<password>';",
        "SET password_encryption = 'scram-sha-256';",
        "// Retries an action with password \"\\0\" if \"\" fails.",
        "// private use subtag sequence identified by \"lvariant\" will be",
        "the column is identified by 'user_id' in the schema",
      })
  void notFound(String text) {
    assertEquals(List.of(), Detect.found(text));
  }

  @Test
  void netrcEntryOverSeveralLines() {
    String netrc = "machine api.heroku.com\n  login ops@acme.dev\n  password Xq7mR2wLp9\n";
    assertEquals(List.of(hit("netrc-password", "Xq7mR2wLp9")), found(netrc));
  }

  @Test
  void base64PrivateKeysOfEveryLabelButNotCertificatesOrPublicKeys() {
    Random random = new Random(9);
    for (String label :
        List.of("RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY",
            "ENCRYPTED PRIVATE KEY", "PGP PRIVATE KEY BLOCK")) {
      String key = base64(SecretSamples.pem(random, label, "\n"));
      assertEquals(
          List.of(hit("pem-private-key-base64", key)), found("    client-key-data: " + key),
          label);
    }
    for (String label : List.of("CERTIFICATE", "PUBLIC KEY", "RSA PUBLIC KEY")) {
      String data = base64(SecretSamples.pem(random, label, "\n"));
      assertEquals(List.of(), found("    client-certificate-data: " + data), label);
    }
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
  }
}
