package io.takumo.aegis.detect;

import static io.takumo.aegis.detect.Detect.found;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The classes of miss and false alarm that an outside evaluation found (issue 19): placeholders in
 * every template syntax and prose are never secrets; hex secrets under secret names, passwords
 * starting with punctuation or holding quotes and backslashes, URL user-info with unencoded chars,
 * and build-tool credentials are found. Each value is made up.
 */
class PrecisionAndRecallGapsTest {

  @ParameterizedTest
  @ValueSource(strings = {
    "password = '$DB_PASSWORD'",
    "password: \"$DB_PASSWORD\"",
    "PASSWORD=${DB_PASSWORD}",
    "password = \"${db.password}\"",
    "api_key: '${API_KEY:-}'",
    "password = #{dbPassword}",
    "password: \"#{ENV['DB_PASSWORD']}\"",
    "password: {{ db_password }}",
    "password: \"{{ .Values.db.password }}\"",
    "secret_key = '%(secret)s'",
    "password: <%= ENV['DB_PASSWORD'] %>",
    "password=@db.password@",
    "token: $(cat /run/secrets/token)",
    "client_secret: !ENV ${CLIENT_SECRET}",
    "token: 'auth.token.refresh'",
    "password: 'errors.password.too_short'",
    "passwordResetRoute: '/password/reset'",
  })
  void placeholdersRoutesKeysAndProseAreNotSecrets(String line) {
    assertEquals(List.of(), found(line), line);
  }

  /** Every template syntax as the value of every form of secret assignment: never a finding. */
  @ParameterizedTest
  @MethodSource("templatedAssignments")
  void placeholdersInEveryAssignmentFormAreNotSecrets(String line) {
    assertEquals(List.of(), found(line), line);
  }

  static Stream<String> templatedAssignments() {
    List<String> placeholders = List.of(
        "$DB_PASSWORD", "${DB_PASSWORD}", "'$DB_PASSWORD'", "#{db_password}", "{{ db_password }}",
        "%(db_password)s", "<%= db_password %>", "@db.password@");
    List<String> forms = List.of(
        "password=%s", "api_key: %s", "\"secret\": %s", "\"secret\": \"%s\"",
        "mysql --password %s app", "jdbc:mysql://db:3306/app?user=app&password=%s",
        "postgres://app:%s@db.internal:5432/app");
    return forms.stream().flatMap(f -> placeholders.stream().map(p -> String.format(f, p)));
  }

  /** The whole URL password up to the last {@code @} before the host, unencoded chars and all. */
  @ParameterizedTest
  @ValueSource(strings = {
    "postgres://app:p@ss?w#rd@db.internal:5432/x|p@ss?w#rd",
    "redis://:p?ss@w0rd@cache.internal:6379|p?ss@w0rd",
    "https://deploy:Xk9mq2Lp@host.example/?notify=ops@host.example|Xk9mq2Lp",
    "https://deploy:Xk9mq2Lp@host.example?notify=ops@host.example|Xk9mq2Lp",
  })
  void urlPasswordRunsToTheLastAtBeforeTheHost(String lineAndPassword) {
    String[] parts = lineAndPassword.split("\\|");
    assertEquals(List.of(Detect.hit("connection-string-password", parts[1])), found(parts[0]));
  }

  /** Queries, fragments and e-mail addresses in ordinary URLs are no user info. */
  @ParameterizedTest
  @ValueSource(strings = {
    "https://example.com/search?q=a@b.example&x=1",
    "https://example.com:8443?q=a@b.example",
    "https://example.com:8443?ops@b.example",
    "https://user@example.com/path?email=a@b.example",
    "https://example.com/a?b=c#frag@x",
    "see http://example.com:8080?to=ops@example.com for the form",
  })
  void ordinaryUrlsWithAtSignsAreNotPasswords(String line) {
    assertEquals(List.of(), found(line), line);
  }

  /** Prose that names a password option or a reST role, or calls it hyphenated words. */
  @ParameterizedTest
  @ValueSource(strings = {
    "Pass :meth:`peek` a default",
    "Pass :class:`Password` to the factory",
    "Pass :func:`make_token` the user",
    "Pass :py:meth:`Client.peek` a default",
    "via the --username and --password options.",
    "via the --username and --password options, or the environment.",
    "Give it with the --password flag)",
    "the --passphrase option: it is read from the terminal",
    "information can be provided via the --username and --password options\n    instead of the URL.",
    "        :param password: Unicode password.\n",
    "    :param str password: Unicode password.",
    ":type password: Optional str",
    "the password is base64-encoded",
    "the passphrase is one-time-use.",
    "the password is auto-generated-on-first-boot",
  })
  void proseThatNamesPasswordsIsNotASecret(String line) {
    assertEquals(List.of(), found(line), line);
  }

  /** ... while passwords on real command lines are still found. */
  @ParameterizedTest
  @ValueSource(strings = {
    "mysql -u root -pS3cr3t!x app",
    "mysql --password=S3cr3t!x9 app",
    "mysql --password 'hunter2-Xq9!' app",
    "mysql --password hunter2.",
    "mysql --password letmein",
    "sshpass -p 'Xk9#mq2Lp' ssh deploy@host",
    "curl -u admin:Zq8!pLm2x https://api.internal/v1",
    "password: `Xk9#mq2Lp`",
  })
  void commandLinePasswordsAreStillFound(String line) {
    assertTrue(!found(line).isEmpty(), line);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    // hex secrets under secret-named keys (framework secret keys)
    "SECRET_KEY = '4e1b9c0d7a2f38e6b5c19d7e0f3a8b2c'",
    "app.secret_key = \"c0a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1\"",
    // passwords that start with punctuation or hold quotes and backslashes
    "password = \"!Qw3rty#2024\"",
    "DB_PASSWORD='@dm1n-P4ss'",
    "password: \"pa\\\"ss\\\\w0rd\"",
    "\"password\": \"s3cr\\\\et\\\"Q\"",
    // URL user-info with characters that should have been percent-encoded
    "DATABASE_URL=postgres://app:p@ss#w0rd@db.internal:5432/app",
    "DATABASE_URL=postgres://app:p@ss?w#rd@db.internal:5432/x",
    "REDIS_URL=redis://:p?ss@w0rd@cache.internal:6379/0",
    // passphrases and passwords told in a sentence
    "the passphrase is correct-horse-battery-staple",
    "The wifi password is correct-horse-battery-staple, ok?",
    "password: Tr0ub4dor&3 for the vpn",
    // framework secret keys: Rails, Django, Flask, Laravel
    "secret_key_base: 3b1f9e8c7d6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1"
        + "f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7",
    "SECRET_KEY_BASE=3b1f9e8c7d6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1"
        + "f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7",
    "config.secretKeyBase = '9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d'",
    "SECRET_KEY = 'django-insecure-k7#x9q!2m@p$z8v&w3r(l5n^b0c*y6t'",
    "app.config['SECRET_KEY'] = 'Xq8vL2mK9pR4tZ7w'",
    "APP_KEY=base64:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZmdoaWo=",
    // build-tool and package-manager credentials
    "//registry.npmjs.org/:_auth=ZGVwbG95OlMzY3IzdFBhc3M=",
    "ossrhPassword=Kx7!mQ2vLp9",
    "<password>Kx7!mQ2vLp9</password>",
    "<add key=\"ClearTextPassword\" value=\"Kx7!mQ2vLp9\" />",
  })
  void recallMissesAreFound(String line) {
    assertTrue(!found(line).isEmpty(), line);
  }
}
