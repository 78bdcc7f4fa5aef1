package io.takumo.aegis.detect.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.heuristic.AssignmentName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link AssignmentMatcher} against the regex it replaced ({@link
 * RegexAssignmentReference}), on a generated corpus of names, separators and values of every
 * shape, glued together with the chars that make the grammar hard: quotes, escapes, brackets,
 * stop chars, spaces, newlines, digits, camelCase and non-ASCII. Findings must be identical.
 */
class AssignmentDifferentialTest {

  private static final String[] NAME_STARTS = {
    "", "", "DB_", "db", "db_", "x-", "X-", "--", "--db-", "this.", "my.", "\"", "'", "\\\"", "[\"",
    "$", "s3", "A", "a_b_", "x", "_", ".", "{\"", "?", "&", ";", "  ", "\n", "ab1", "Z", "PG",
    "OLD", "client", "CSRF", "By", "o", "\u00c9"
  };

  private static final String[] PASSWORD_NAMES = {
    "password", "PASSWORD", "Password", "passwd", "PassWd", "passphrase", "pass", "PASS", "pwd",
    "Pwd", "PWD", "password2", "pass99", "passwords", "password_min", "pass_word", "passWord",
    "pAsSwOrD", "pa\u017F\u017Fword", "passwordHash", "pwd1x"
  };

  private static final String[] SECRET_NAMES = {
    "secret", "SECRET", "Secret", "secret_key", "secret-key", "secretKey", "SECRETKEY", "secret_keys",
    "secret_key_base", "SECRET_KEY_BASE", "secretKeyBase", "secret_base", "secret-key_base",
    "api_key", "api-key", "apikey", "ApiKey", "API_KEY", "apiKeys", "api_\u212Aey", "token",
    "tokens", "Token", "TOKEN2", "token_count", "tokenizer", "private_key", "privateKey",
    "private-key", "credential", "credentials", "Credentials", "access_key", "accessKey",
    "access-key", "auth", "Auth", "AUTH", "authorization", "auth_token", "oauth", "secret_token",
    "session_cookie", "sessionCookie", "SESSION.COOKIE", "vault_unseal-key", "vaultUnsealKey",
    "signing_key", "signingKey2", "API key", "Secret Key", "access key", "private key", "api  key"
  };

  private static final String[] SEPARATORS = {
    "=", "=", ":", ": ", " = ", " := ", ":=", "=>", " => ", "\t=\t", "\"=", "\": ", "\":", "':",
    "\\\": ", "\\\":", "]=", "\"]=", "\"] = ", " ", "  ", "\t", "", "==", ":=:", "= \n", ": ",
    "\\\\\": ", "=\"", "'=", "`:"
  };

  private static final String[] VALUES = {
    "S3cr3t!Value9", "\"Qz8-hW2_pL5!mR7x\"", "'hunter2!x'", "`tmpl8Pass!`", "\\\"Wm4Ty7Ub2\\\"",
    "\"esc\\\"aped\\\\q9\"", "\"unterminated", "'unterm", "\\\"unterm", "Tr0ub4dor&3\"q\\\u00e99xKq2",
    "abc&user=bob", "x9!kD#2mQ;Host=db", "Lr5Hd8Qs1Xv6Bz2M, next", "getPassword()",
    "os.environ[\"X\"]", "process.env.API_KEY;", "${DB_PASSWORD}", "{{ secret }}", "1024",
    "tokens;", "Zx81Lq0PaW3e\\nNEXT=1", "Zx81Lq0PaW3e\\tx", "a\\q9b8c7d6e", "a\\\\b9c8d7e6",
    "\"\"", "''", "", "\u00e9\u00e8\u00ea\u00eb\u00ef\u00f4\u00fb", "p@$$w0rd!",
    "\"mixed\\u0041Case9\"", "<your-key>", "Ab1(2)cd", "Ab1[x]yz!", "Ab1{x}yz!", "Pw<3Pw<3Pw",
    "Kq2VnL8xPz4RtW6y\r\n", "Kq2\\\nVnL8xPz", "\"Kq2\nVn\"", "x\u000bVnL8xPz4", "\ud83d\udd11Kq2VnL8x"
  };

  private static final String[] GLUE = {
    "\n", " ", "; ", ", ", "&", "\r\n", "\\n", "", " # comment", ")", "}", "\"", " and ", "\t"
  };

  @Test
  void passwordMatcherFindsWhatTheRegexFound() {
    AssignmentMatcher matcher = (AssignmentMatcher) AssignmentRules.password();
    compare(matcher, new RegexAssignmentReference(
            matcher, AssignmentRules.PASSWORD_NAMES, AssignmentRules.GLUED_PASSWORD_NAMES,
            AssignmentRules.BUILTIN_NAME_TAIL), 1);
  }

  @Test
  void secretMatcherFindsWhatTheRegexFound() {
    AssignmentMatcher matcher = (AssignmentMatcher) AssignmentRules.secret();
    compare(matcher, new RegexAssignmentReference(
            matcher, AssignmentRules.SECRET_NAMES, AssignmentRules.GLUED_SECRET_NAMES,
            AssignmentRules.BUILTIN_NAME_TAIL), 2);
  }

  @Test
  void matcherWithPolicyNamesFindsWhatTheRegexFound() {
    List<String> extra = List.of("session_cookie", "vaultUnsealKey", "signing_key");
    List<List<String>> words = new ArrayList<>();
    List<String> fragments = new ArrayList<>(Arrays.asList(AssignmentRules.SECRET_NAMES));
    List<String> keywords = new ArrayList<>(AssignmentRules.SECRET_KEYWORDS);
    for (String name : extra) {
      List<String> w = AssignmentRules.words(name);
      words.add(w);
      fragments.add(String.join("[_.-]?", w));
      keywords.add(w.get(0));
    }
    AssignmentMatcher matcher =
        new AssignmentMatcher(
            "secret-assignment", "sec", keywords, AssignmentName.secretWithExtra(words), 48, false);
    compare(
        matcher,
        new RegexAssignmentReference(
            matcher, fragments.toArray(new String[0]), AssignmentRules.GLUED_SECRET_NAMES, 48),
        3);
  }

  private static void compare(AssignmentMatcher matcher, RegexAssignmentReference reference, long seed) {
    Random random = new Random(seed);
    int findings = 0;
    for (int t = 0; t < 6000; t++) {
      String text = text(random);
      List<String> expected = render(reference.find(text));
      List<Finding> actual = new ArrayList<>();
      matcher.findIn(text, actual);
      assertEquals(expected, render(actual), () -> "text: " + escape(text));
      findings += expected.size();
    }
    // The corpus must exercise the rule, not only its rejections.
    org.junit.jupiter.api.Assertions.assertTrue(findings > 1000, "findings: " + findings);
  }

  /** A few assignments and fragments of them, glued together. */
  private static String text(Random random) {
    StringBuilder sb = new StringBuilder();
    int parts = 1 + random.nextInt(4);
    for (int p = 0; p < parts; p++) {
      if (random.nextInt(8) == 0) {
        // a random cut of chars that matter to the grammar
        String chars = "pasword_TOKEN secret=:\"'`\\[](){}<>,;&\n\t x9Q";
        for (int i = random.nextInt(30); i > 0; i--) {
          sb.append(chars.charAt(random.nextInt(chars.length())));
        }
      } else {
        sb.append(pick(random, NAME_STARTS));
        sb.append(pick(random, random.nextBoolean() ? PASSWORD_NAMES : SECRET_NAMES));
        sb.append(pick(random, SEPARATORS));
        sb.append(pick(random, VALUES));
        if (random.nextInt(4) == 0) {
          sb.append(pick(random, VALUES));
        }
      }
      sb.append(pick(random, GLUE));
    }
    if (random.nextInt(20) == 0) {
      // a value longer than the window, quoted or bare
      sb.append("password=").append(random.nextBoolean() ? "\"" : "");
      for (int i = 0; i < AssignmentMatcher.VALUE_WINDOW + random.nextInt(8) - 4; i++) {
        sb.append((char) ('a' + random.nextInt(26)));
      }
      sb.append(random.nextBoolean() ? "\"" : "");
    }
    return sb.toString();
  }

  private static String pick(Random random, String[] options) {
    return options[random.nextInt(options.length)];
  }

  private static List<String> render(List<Finding> findings) {
    List<String> out = new ArrayList<>();
    for (Finding f : findings) {
      out.add(f.ruleId() + "@" + f.start() + "-" + f.end());
    }
    return out;
  }

  private static String escape(String text) {
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }
}
