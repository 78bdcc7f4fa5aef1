package io.takumo.aegis.detect;

import static io.takumo.aegis.detect.TokenRules.prefixed;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Credentials in generic formats: JWTs, {@code age} keys, {@code Authorization} headers, and
 * passwords in URLs and on command lines.
 */
final class CredentialRules {

  /**
   * The signature of the sample token on jwt.io and in countless tutorials, which signs nothing
   * anyone uses.
   */
  private static final String JWT_IO_SAMPLE_SIGNATURE = "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

  private CredentialRules() {}

  static List<Rule> rules() {
    return Arrays.asList(
        jwt(),
        // age X25519 identities: bech32, so upper-case letters and digits of the bech32 set.
        prefixed("age-secret-key", "age", "AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}",
                "AGE-SECRET-KEY-1")
            .build(),
        authorization("authorization-bearer", "bear", "(?:Bearer|Token)",
            "[A-Za-z0-9._~+/-]{16,}=*", PlausibleValue.ASSIGNED),
        authorization("authorization-basic", "basc", "Basic", "[A-Za-z0-9+/]{8,}={0,2}",
            CredentialRules::isBasicCredentials),
        connectionStringPassword(),
        new GatedRule(cliUserPassword(), GatedRule::userOptionAt));
  }

  /** JSON Web Tokens: three base64url parts, the first two JSON objects ({@code eyJ}). */
  private static RegexRule jwt() {
    return prefixed("jwt", "jwt",
            "eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{16,}", "eyJ")
        .check(TokenRules.STANDALONE.and(SpanCheck.notContaining(JWT_IO_SAMPLE_SIGNATURE)))
        .standaloneStart(TokenRules.STANDALONE_CHARS)
        .build();
  }

  /**
   * The credentials of an {@code Authorization} header, in HTTP, curl {@code -H}, code or config:
   * {@code Authorization: Bearer …}, {@code "authorization": "Basic …"}.
   */
  private static Rule authorization(
      String id, String hint, String scheme, String credentials, SpanCheck check) {
    RegexRule rule =
        RegexRule.builder(id, hint)
            .specificity(Specificity.CONTEXTUAL)
            .pattern(
                "(?i:authorization)(?:\\\\?[\"'])?[ \\t]*[:=][ \\t]*(?:\\\\?[\"'])?"
                    + scheme
                    + "[ \\t]+("
                    + credentials
                    + ")")
            .secretGroups(1)
            .keywords("authorization")
            .keywordWindow(0, 2048)
            .check(SpanCheck.standalone("._~+/=-").and(check))
            .build();
    return new GatedRule(rule, GatedRule::credentialsAt);
  }

  /** Basic credentials are base64 of {@code user:password}: anything else is not them. */
  private static boolean isBasicCredentials(CharSequence text, int start, int end) {
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(text.subSequence(start, end).toString());
    } catch (IllegalArgumentException e) {
      return false;
    }
    String pair = new String(decoded, StandardCharsets.UTF_8);
    int colon = pair.indexOf(':');
    return colon >= 0
        && colon < pair.length() - 1
        && PlausibleValue.URL_PASSWORD.accepts(pair, colon + 1, pair.length());
  }

  /**
   * The password in a URL's user info ({@code scheme://user:PASSWORD@host}) for database, cache and
   * queue URLs, JDBC URLs and http(s). Matches up to the last {@code @} before the host, so an
   * unescaped {@code @} or {@code #} inside the password stays in it.
   */
  private static Rule connectionStringPassword() {
    RegexRule rule =
        RegexRule.builder("connection-string-password", "pwd")
            .specificity(Specificity.CONTEXTUAL)
            .pattern(
                "(?i)\\b(?:jdbc:[a-z0-9]+(?::[a-z0-9]+)*|postgres(?:ql)?|mysql|mariadb|mongodb|rediss?"
                    + "|amqps?|https?|ftps?|sftp|ssh|smtps?|ldaps?|mssql|sqlserver|clickhouse"
                    + "|couchbase|neo4j|nats)(?:\\+[a-z0-9]+)?://[^\\s:@/?#\"'<>\\\\]*:"
                    + "([^\\s/?\"'<>\\\\]+)@")
            .secretGroups(1)
            .keywords("jdbc:", "postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "http",
                "ftp", "ssh", "smtp", "ldap", "mssql", "sqlserver", "clickhouse", "couchbase", "neo4j",
                "nats")
            .keywordWindow(1, PlausibleValue.MAX_LENGTH + 256)
            .check(PlausibleValue.URL_PASSWORD)
            .build();
    return new GatedRule(rule, GatedRule::userInfoAt);
  }

  /**
   * {@code curl -u user:password} and {@code --user user:password}; the password ends before a
   * quote or a backtick, and a trailing comma, semicolon or closing bracket is not part of it.
   */
  private static RegexRule cliUserPassword() {
    return RegexRule.builder("cli-user-password", "pwd")
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            "curl[^\\r\\n]{0,400}?[ \\t](?:-u|--user)(?:[ \\t]+|=)[\"'`]?[^\\s:\"'`$]+:"
                // not the backtick or trailing punctuation of prose: "run `curl -u u:pass`,"
                + "([^\\s\"'`]*[^\\s\"'`,;)}\\]])")
        .secretGroups(1)
        .keywords("curl")
        .keywordWindow(0, 600)
        .check(PlausibleValue.URL_PASSWORD)
        .build();
  }
}
