package io.takumo.aegis.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/** The rules a {@link SecretDetector} runs by default. */
public final class BuiltinRules {

  /** Tokens made of letters, digits and {@code _} only. */
  private static final SpanCheck STANDALONE = SpanCheck.standalone("");

  /** Tokens that may also contain {@code -}. */
  private static final SpanCheck STANDALONE_DASHED = SpanCheck.standalone("-");

  private static final List<Rule> ALL =
      Collections.unmodifiableList(
          Arrays.asList(
              openAi(),
              anthropic("anthropic-api-key", "api03"),
              anthropic("anthropic-admin-key", "admin01"),
              awsAccessKeyId(),
              AssignmentRules.awsSecretAccessKey(),
              gitHubToken(),
              gitHubFineGrainedToken(),
              stripe("stripe-secret-key", "sk"),
              stripe("stripe-restricted-key", "rk"),
              slackToken(),
              slackWebhook(),
              googleApiKey(),
              new PemPrivateKeyRule(),
              connectionStringPassword(),
              AssignmentRules.password(),
              AssignmentRules.secret()));

  /**
   * How far past its prefix a provider token is looked for: far beyond the longest real format,
   * since a match that reaches the window's end is dropped as of unknown extent.
   */
  private static final int TOKEN_WINDOW = 1024;

  private BuiltinRules() {}

  /** All built-in rules, provider formats first. */
  public static List<Rule> all() {
    return ALL;
  }

  /**
   * All built-in rules, the generic secret assignment rule also matching values assigned to {@code
   * extraAssignmentNames} (letters, digits, {@code _} and {@code -}; any case and separator style).
   */
  public static List<Rule> all(Collection<String> extraAssignmentNames) {
    if (extraAssignmentNames.isEmpty()) {
      return ALL;
    }
    List<Rule> rules = new ArrayList<>(ALL);
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals("secret-assignment")) {
        rules.set(i, AssignmentRules.secret(extraAssignmentNames));
      }
    }
    return Collections.unmodifiableList(rules);
  }

  /**
   * OpenAI: project, service account and admin keys ({@code sk-proj-…}, {@code sk-svcacct-…},
   * {@code sk-admin-…}, long and often containing {@code T3BlbkFJ}), and legacy user keys of {@code
   * sk-} plus 48 letters and digits.
   */
  private static RegexRule openAi() {
    return RegexRule.builder("openai-api-key", "oai")
        .pattern("sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{48})")
        .check(STANDALONE_DASHED)
        .keywords("sk-")
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(3.0)
        .build();
  }

  /**
   * Anthropic: {@code sk-ant-api03-…} or {@code sk-ant-admin01-…}, some 95 chars ending {@code AA}.
   */
  private static RegexRule anthropic(String id, String kind) {
    return RegexRule.builder(id, "ant")
        .pattern("sk-ant-" + kind + "-[A-Za-z0-9_-]{80,}AA")
        .check(STANDALONE_DASHED)
        .keywords("sk-ant-" + kind + "-")
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(3.0)
        .build();
  }

  /**
   * AWS access key ids of long-term ({@code AKIA}) and temporary ({@code ASIA}) credentials and the
   * rarer {@code ABIA}/{@code ACCA}. The ids AWS documents as examples end in {@code EXAMPLE} and
   * are left alone.
   */
  private static RegexRule awsAccessKeyId() {
    return RegexRule.builder("aws-access-key-id", "aws")
        .pattern("(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}")
        .keywords("akia", "asia", "abia", "acca")
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(3.0)
        .check(STANDALONE.and(SpanCheck.notContaining("EXAMPLE")))
        .build();
  }

  /**
   * GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens, checksum verified.
   */
  private static RegexRule gitHubToken() {
    return RegexRule.builder("github-token", "ghp")
        .pattern("gh[pousr]_[A-Za-z0-9]{36}")
        .keywords("ghp_", "gho_", "ghu_", "ghs_", "ghr_")
        .keywordWindow(0, TOKEN_WINDOW)
        .check(STANDALONE.and(new GitHubTokenChecksum()))
        .build();
  }

  /** GitHub fine-grained personal access tokens: {@code github_pat_} + 22 + {@code _} + 59. */
  private static RegexRule gitHubFineGrainedToken() {
    return RegexRule.builder("github-fine-grained-token", "ghp")
        .pattern("github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}")
        .check(STANDALONE)
        .keywords("github_pat_")
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(3.0)
        .build();
  }

  /**
   * Stripe secret ({@code sk_}) or restricted ({@code rk_}) keys, live or test. Publishable keys
   * ({@code pk_}) are meant to be public and are not matched.
   */
  private static RegexRule stripe(String id, String prefix) {
    return RegexRule.builder(id, "strp")
        .pattern(prefix + "_(?:live|test)_[A-Za-z0-9]{24,}")
        .check(STANDALONE)
        .keywords(prefix + "_live_", prefix + "_test_")
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(3.0)
        .build();
  }

  /**
   * Slack bot, user, app, legacy workspace and refresh tokens: {@code xoxb-}, {@code xoxp-}, {@code
   * xoxa-}, {@code xoxs-}, {@code xoxe-} and rotating {@code xoxe.xoxp-}, then a numeric id and
   * more dash-separated parts.
   */
  private static RegexRule slackToken() {
    return RegexRule.builder("slack-token", "slk")
        .pattern("xox(?:[bpas]|e(?:\\.xox[bp])?)-[0-9]+-[A-Za-z0-9-]{20,}")
        .check(STANDALONE_DASHED)
        .keywords("xox")
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(3.0)
        .build();
  }

  /**
   * Slack incoming webhooks. The secret is the path after {@code /services/}: workspace id, app id
   * and key, so the text still shows it is a Slack webhook.
   */
  private static RegexRule slackWebhook() {
    return RegexRule.builder("slack-webhook-url", "slk")
        .pattern(
            "https?://hooks\\.slack\\.com/services/"
                + "(T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{20,})(?:[^A-Za-z0-9_]|$)")
        .secretGroups(1)
        .keywords("hooks.slack.com")
        .build();
  }

  /** Google API keys: {@code AIza} + 35 chars. */
  private static RegexRule googleApiKey() {
    return RegexRule.builder("google-api-key", "goog")
        .pattern("AIza[A-Za-z0-9_-]{35}")
        .check(STANDALONE_DASHED)
        .keywords("aiza")
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(3.0)
        .build();
  }

  /**
   * The password in a URL's user info ({@code scheme://user:PASSWORD@host}) for database, cache and
   * queue URLs, JDBC URLs and http(s). Matches up to the last {@code @} before the host, so an
   * unescaped {@code @} or {@code #} inside the password stays in it.
   */
  private static RegexRule connectionStringPassword() {
    return RegexRule.builder("connection-string-password", "pwd")
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            "(?i)\\b(?:jdbc:[a-z0-9]+(?::[a-z0-9]+)*|postgres(?:ql)?|mysql|mariadb|mongodb|rediss?"
                + "|amqps?|https?)(?:\\+[a-z0-9]+)?://[^\\s:@/?#\"'<>\\\\]*:([^\\s/?\"'<>\\\\]+)@")
        .secretGroups(1)
        .keywords("jdbc:", "postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "http")
        .keywordWindow(1, PlausibleValue.MAX_LENGTH + 256)
        .check(PlausibleValue.URL_PASSWORD)
        .build();
  }
}
