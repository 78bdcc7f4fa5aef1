package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.catalogue.TokenRules.prefixed;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.PlausibleValue;
import io.takumo.aegis.detect.heuristic.SpanCheck;
import io.takumo.aegis.detect.rule.GatedRule;
import io.takumo.aegis.detect.rule.RegexRule;
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
   * An option's value, maybe after a quote: it starts with neither {@code $} (a variable) nor
   * {@code -} (the next option) and runs to a blank or a quote.
   */
  private static final String OPTION_VALUE = "[\"']?([^\\s\"'`$-][^\\s\"'`]*)";

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
        new GatedRule(cliUserPassword(), GatedRule::userOptionAt),
        cliPasswordOption(),
        netrcPassword(),
        credentialCallPassword(),
        sqlPassword(),
        base64PemPrivateKey());
  }

  /**
   * JSON Web Tokens: three base64url parts, the first two JSON objects ({@code eyJ}). The jwt.io
   * sample is found too: apps and tests send it as a real bearer token, and tokenizing it costs
   * the model nothing.
   */
  private static RegexRule jwt() {
    return prefixed("jwt", "jwt",
            "eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{16,}", "eyJ")
        .check(TokenRules.STANDALONE)
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
   * unescaped {@code @}, {@code #} or {@code ?} inside the password stays in it ({@code
   * app:p@ss?w#rd@db}). After a {@code ?} the password holds no {@code =} or {@code &}: those are a
   * query's ({@code user:pw@host?to=a@b.example} has the password {@code pw}); and a port cannot
   * be taken for the user and a password ({@code host:8080?x@y}).
   */
  private static Rule connectionStringPassword() {
    RegexRule rule =
        RegexRule.builder("connection-string-password", "pwd")
            .specificity(Specificity.CONTEXTUAL)
            .pattern(
                "(?i)\\b(?:jdbc:[a-z0-9]+(?::[a-z0-9]+)*|postgres(?:ql)?|mysql|mariadb|mongodb|rediss?"
                    + "|amqps?|https?|ftps?|sftp|ssh|smtps?|ldaps?|mssql|sqlserver|clickhouse"
                    + "|couchbase|neo4j|nats)(?:\\+[a-z0-9]+)?://[^\\s:@/?#\"'<>\\\\]*:"
                    + "([^\\s/?\"'<>\\\\]+(?:\\?[^\\s/?=&\"'<>\\\\]*)*)@")
            .secretGroups(1)
            .keywords("jdbc:", "postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "http",
                "ftp", "ssh", "smtp", "ldap", "mssql", "sqlserver", "clickhouse", "couchbase", "neo4j",
                "nats")
            .keywordWindow(1, PlausibleValue.MAX_LENGTH + 256)
            .check(PlausibleValue.URL_PASSWORD.and(CredentialRules::isNotPortAndQuery))
            .build();
    return new GatedRule(rule, GatedRule::userInfoAt);
  }

  /** A URL password that is digits then {@code ?}: a port and a query string, not user info. */
  private static boolean isNotPortAndQuery(CharSequence text, int start, int end) {
    int i = start;
    while (i < end && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    return i == start || i == end || text.charAt(i) != '?';
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

  /**
   * Passwords given as command-line options: {@code mysql -pPASSWORD} (glued: a lone {@code -p}
   * prompts, {@code -P} is the port), {@code sshpass -p …}, {@code redis-cli -a …}, {@code docker
   * login -p …}.
   */
  private static RegexRule cliPasswordOption() {
    return RegexRule.builder("cli-password-option", "pwd")
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            "\\b(?:mysql|mysqldump|mysqladmin|mariadb)\\b[^\\r\\n]{0,200}?[ \\t]-p"
                + OPTION_VALUE
                + "|\\bsshpass[ \\t]+-p[ \\t]*" + OPTION_VALUE
                + "|\\bredis-cli\\b[^\\r\\n]{0,200}?[ \\t]-a[ \\t]+" + OPTION_VALUE
                + "|\\bdocker[ \\t]+login\\b[^\\r\\n]{0,200}?[ \\t](?:-p|--password)[ \\t]+"
                + OPTION_VALUE)
        .secretGroups(1, 2, 3, 4)
        .keywords("mysql", "mariadb", "sshpass", "redis-cli", "docker")
        .keywordWindow(1, 400)
        .check(PlausibleValue.URL_PASSWORD)
        .build();
  }

  /**
   * The password of a {@code .netrc} entry: {@code machine HOST login USER password PASSWORD}, on
   * one line or several. The host must look like one ({@code api.example.com}, {@code localhost}),
   * so that prose such as "machine learning login page password field" is not an entry.
   */
  private static RegexRule netrcPassword() {
    return RegexRule.builder("netrc-password", "pwd")
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            "\\bmachine[ \\t]+(?:[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+|localhost)"
                + "(?:\\s+(?:login|account)[ \\t]+\\S+){0,2}\\s+password[ \\t]+(\\S+)")
        .secretGroups(1)
        .keywords("machine")
        .keywordWindow(1, 600)
        .check(PlausibleValue.URL_PASSWORD)
        .build();
  }

  /**
   * The password passed with a user name to a credentials call, in code: {@code
   * DriverManager.getConnection(url, "app", "…")}, {@code new UsernamePasswordCredentials("app",
   * "…")}, {@code new PasswordAuthentication("app", "…".toCharArray())}, {@code
   * headers.setBasicAuth("app", "…")}, OkHttp's {@code Credentials.basic("app", "…")}, Python's
   * {@code HTTPBasicAuth("app", "…")} and {@code auth=("app", "…")}.
   */
  private static RegexRule credentialCallPassword() {
    return RegexRule.builder("credential-call-password", "pwd")
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            "(?i:getConnection|UsernamePasswordCredentials|PasswordAuthentication"
                + "|basicAuth(?:entication)?|digestAuth|Credentials\\.basic|\\bauth[ \\t]*=[ \\t]*)"
                // an optional first argument (a URL), then a quoted user name
                + "\\([ \\t]*(?:[A-Za-z_][\\w.]*[ \\t]*,[ \\t]*|\"[^\"\\r\\n]*\"[ \\t]*,[ \\t]*)?"
                + "[\"'][^\"'\\r\\n]*[\"'][ \\t]*,[ \\t]*[\"']([^\"'\\r\\n]+)[\"']")
        .secretGroups(1)
        .keywords(
            "getconnection", "usernamepasswordcredentials", "passwordauthentication", "basicauth",
            "digestauth", "credentials.basic", "auth=(", "auth = (")
        .keywordWindow(1, 600)
        // a string literal where the password goes is the password, whatever it looks like
        .check(PlausibleValue.URL_PASSWORD)
        .build();
  }

  /**
   * The password of a database user set in SQL: PostgreSQL's {@code CREATE USER app WITH PASSWORD
   * '…'} and {@code ALTER ROLE app PASSWORD '…'}, MySQL's {@code CREATE USER 'u'@'%' IDENTIFIED BY
   * '…'}, Oracle's {@code CREATE USER u IDENTIFIED BY "…"}. A psql variable ({@code PASSWORD
   * :'pw'}) is not quoted this way.
   */
  private static RegexRule sqlPassword() {
    return RegexRule.builder("sql-password", "pwd")
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            // PostgreSQL: a string literal in single quotes (double quotes make an identifier)
            "(?i:\\b(?:with|login|encrypted|unencrypted)[ \\t]+password"
                + "|\\b(?:user|role)[ \\t]+[^\\s;]{1,64}[ \\t]+password)[ \\t]+'([^'\\r\\n]+)'"
                // MySQL and Oracle, after the user it is for: prose is "identified by" too
                + "|(?i:\\b(?:user|to)[ \\t]+[^\\s;]{1,64}[ \\t]+identified[ \\t]+by)"
                + "[ \\t]+(?:'([^'\\r\\n]+)'|\"([^\"\\r\\n]+)\")")
        .secretGroups(1, 2, 3)
        .keywords("password '", "identified by '", "identified by \"")
        .keywordWindow(96, 256)
        .check(PlausibleValue.URL_PASSWORD)
        .build();
  }

  /**
   * A PEM private key encoded in base64 as a whole, as in a kubeconfig's {@code client-key-data}
   * or a Kubernetes secret's {@code tls.key}: base64 of {@code -----BEGIN } ({@code
   * LS0tLS1CRUdJTi}) whose decoded first line names a private key. Certificates ({@code
   * client-certificate-data}) decode to other labels and are never matched.
   */
  private static RegexRule base64PemPrivateKey() {
    return RegexRule.builder("pem-private-key-base64", "pem")
        .specificity(Specificity.PROVIDER)
        .pattern("LS0tLS1CRUdJTi[A-Za-z0-9+/]{200,}={0,2}")
        .keywords("ls0tls1crudjti")
        .keywordWindow(0, 64 * 1024)
        .check(CredentialRules::isBase64PrivateKeyPem)
        .standaloneStart("+/=")
        .build();
  }

  /**
   * Whether base64 starts with a PEM header whose label ends in {@code PRIVATE KEY} (or {@code
   * PRIVATE KEY BLOCK}, PGP's).
   */
  private static boolean isBase64PrivateKeyPem(CharSequence text, int start, int end) {
    byte[] head = Base64.getDecoder().decode(text.subSequence(start, start + 64).toString());
    String line = new String(head, StandardCharsets.US_ASCII);
    int close = line.indexOf("-----", "-----BEGIN ".length());
    String label = close > 0 ? line.substring(0, close) : "";
    return label.endsWith("PRIVATE KEY") || label.endsWith("PRIVATE KEY BLOCK");
  }
}
