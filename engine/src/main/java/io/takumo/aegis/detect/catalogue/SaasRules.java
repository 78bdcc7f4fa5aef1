package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.catalogue.TokenRules.named;
import static io.takumo.aegis.detect.catalogue.TokenRules.prefixed;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.SpanCheck;
import io.takumo.aegis.detect.rule.RegexRule;
import java.util.Arrays;
import java.util.List;

/** Tokens of SaaS APIs: payments, messaging, work tracking, observability, infrastructure. */
final class SaasRules {

  /** A name that mentions a provider, then more name chars: {@code TWILIO_AUTH_TOKEN}. */
  private static final String NAME_TAIL = "[A-Za-z0-9_.-]{0,30}?";

  private SaasRules() {}

  static List<Rule> rules() {
    return Arrays.asList(
        // Secret and restricted keys; publishable keys (pk_) are public by design.
        prefixed("stripe-secret-key", "strp", "sk_(?:live|test)_[A-Za-z0-9]{24,}", "sk_live_",
                "sk_test_")
            .build(),
        prefixed("stripe-restricted-key", "strp", "rk_(?:live|test)_[A-Za-z0-9]{24,}", "rk_live_",
                "rk_test_")
            .build(),
        prefixed("stripe-webhook-secret", "strp", "whsec_[A-Za-z0-9+/=]{32,}", "whsec_").build(),
        // Bot, user, app, workspace, refresh and rotating tokens: xoxb-, xoxp-, xoxe.xoxp-, …
        prefixed("slack-token", "slk", "xox(?:[bpas]|e(?:\\.xox[bp])?)-[0-9]+-[A-Za-z0-9-]{20,}",
                "xox")
            .build(),
        prefixed("slack-app-token", "slk", "xapp-[0-9]+-[A-Z0-9]+-[0-9]+-[a-f0-9]{32,}", "xapp-")
            .build(),
        // The secret is the path after /services/, so the text still shows it is a webhook.
        RegexRule.builder("slack-webhook-url", "slk")
            .pattern(
                "hooks\\.slack\\.com/(?:services|workflows|triggers)/"
                    + "(T[A-Z0-9]{6,}/[AB][A-Z0-9]{6,}/[A-Za-z0-9]{20,})")
            .secretGroups(1)
            .exactCaseKeywords("hooks.slack.com/")
            .keywordWindow(0, 256)
            .check(SpanCheck.standalone(""))
            .build(),
        prefixed("twilio-api-key", "twl", "SK[0-9a-f]{32}", "SK")
            .check(SpanCheck.standalone(""))
            .standaloneStart("")
            .build(),
        named("twilio-auth-token", "twl", "twilio" + NAME_TAIL, "[a-f0-9]{32}", "twilio").build(),
        prefixed("sendgrid-api-key", "sgrd", "SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}", "SG.")
            .build(),
        prefixed("mailgun-api-key", "mgun", "key-[a-f0-9]{32}", "key-").build(),
        // Mailchimp keys end in their datacenter: …-us21.
        RegexRule.builder("mailchimp-api-key", "mchp")
            .pattern("[a-f0-9]{32}-us[0-9]{1,2}")
            .exactCaseKeywords("-us")
            .keywordWindow(32, 8)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .check(SpanCheck.standalone(""))
            .build(),
        prefixed("shopify-access-token", "shpf", "shpat_[A-Za-z0-9]{28,}", "shpat_").build(),
        prefixed("shopify-custom-app-token", "shpf", "shpca_[A-Za-z0-9]{28,}", "shpca_").build(),
        prefixed("shopify-private-app-token", "shpf", "shppa_[A-Za-z0-9]{28,}", "shppa_").build(),
        prefixed("shopify-shared-secret", "shpf", "shpss_[A-Za-z0-9]{28,}", "shpss_").build(),
        prefixed("atlassian-api-token", "atls", "ATATT3[A-Za-z0-9_=-]{150,250}", "ATATT3").build(),
        prefixed("linear-api-key", "lin", "lin_api_[A-Za-z0-9]{32,}", "lin_api_").build(),
        prefixed("linear-oauth-token", "lin", "lin_oauth_[A-Za-z0-9]{32,}", "lin_oauth_").build(),
        prefixed("notion-token", "ntn", "(?:ntn_[0-9]{11}[A-Za-z0-9]{35}|secret_[A-Za-z0-9]{43})",
                "ntn_", "secret_")
            .build(),
        prefixed("postman-api-key", "pmak", "PMAK-[a-f0-9]{24}-[a-f0-9]{34}", "PMAK-").build(),
        prefixed("sentry-org-token", "sntr", "sntrys_eyJ[A-Za-z0-9_=+/-]{60,}", "sntrys_")
            .check(SpanCheck.standalone("-+/"))
            .standaloneStart("-+/")
            .build(),
        prefixed("sentry-user-token", "sntr", "sntryu_[A-Za-z0-9]{32,}", "sntryu_").build(),
        prefixed("grafana-cloud-token", "graf", "glc_[A-Za-z0-9+/]{32,400}={0,2}", "glc_")
            .check(SpanCheck.standalone("+/"))
            .standaloneStart("+/")
            .build(),
        prefixed("grafana-service-account-token", "graf", "glsa_[A-Za-z0-9]{32}_[a-fA-F0-9]{8}",
                "glsa_")
            .build(),
        // Older Grafana API keys: base64 of {"k":"…","n":"…","id":…}.
        prefixed("grafana-api-key", "graf", "eyJrIjoi[A-Za-z0-9]{70,400}={0,2}", "eyJrIjoi").build(),
        named("datadog-api-key", "ddog", "(?:datadog|dd)[_.-]?api[_.-]?key", "[a-f0-9]{32}",
                "datadog", "dd_api", "dd-api", "dd.api", "ddapi")
            .build(),
        named("datadog-app-key", "ddog", "(?:datadog|dd)[_.-]?app(?:lication)?[_.-]?key",
                "[a-f0-9]{40}", "datadog", "dd_app", "dd-app", "dd.app", "ddapp")
            .build(),
        prefixed("databricks-token", "dbx", "dapi[a-f0-9]{32}(?:-[0-9])?", "dapi").build(),
        prefixed("vault-service-token", "vlt", "hvs\\.[A-Za-z0-9_-]{24,}", "hvs.").build(),
        prefixed("vault-batch-token", "vlt", "hvb\\.[A-Za-z0-9_-]{24,}", "hvb.").build(),
        // Terraform Cloud / HCP Terraform: 14 chars, .atlasv1., then 60-70 more.
        RegexRule.builder("terraform-cloud-token", "tfc")
            .pattern("[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}")
            .exactCaseKeywords(".atlasv1.")
            .keywordWindow(14, 80)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .check(TokenRules.STANDALONE)
            .build(),
        // Telegram bot tokens: the bot's numeric id, a colon, then AA and 33 more (30-40 taken).
        RegexRule.builder("telegram-bot-token", "tgm")
            .pattern("[0-9]{6,12}:AA[A-Za-z0-9_-]{30,40}")
            .exactCaseKeywords(":AA")
            .keywordWindow(12, 48)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .check(TokenRules.STANDALONE)
            .build(),
        // Discord bot tokens have no prefix: base64 user id, timestamp, HMAC; only when named.
        named("discord-bot-token", "dscd", "discord" + NAME_TAIL,
                "[MNO][A-Za-z0-9_-]{23,25}\\.[A-Za-z0-9_-]{6}\\.[A-Za-z0-9_-]{27,38}", "discord")
            .specificity(Specificity.PROVIDER)
            .build(),
        RegexRule.builder("discord-webhook-url", "dscd")
            .pattern("discord(?:app)?\\.com/api/webhooks/[0-9]{17,20}/([A-Za-z0-9_-]{40,})")
            .secretGroups(1)
            .keywords("discord.com/api/webhooks/", "discordapp.com/api/webhooks/")
            .keywordWindow(0, 128)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .check(TokenRules.STANDALONE)
            .build(),
        prefixed("new-relic-api-key", "nrlc", "NRAK-[A-Za-z0-9]{24,}", "NRAK-").build(),
        prefixed("figma-token", "fgma", "figd_[A-Za-z0-9_-]{32,}", "figd_").build(),
        prefixed("square-access-token", "sqr", "(?:EAAA|sq0atp-)[A-Za-z0-9_-]{22,60}", "EAAA",
                "sq0atp-")
            .build(),
        prefixed("square-oauth-secret", "sqr", "sq0csp-[A-Za-z0-9_-]{43}", "sq0csp-").build(),
        // Mapbox secret tokens (sk.); public ones (pk.) are meant to be shipped.
        prefixed("mapbox-secret-token", "mpbx", "sk\\.eyJ[A-Za-z0-9_-]{50,}\\.[A-Za-z0-9_-]{20,}",
                "sk.eyJ")
            .build());
  }
}
