package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.catalogue.TokenRules.named;
import static io.takumo.aegis.detect.catalogue.TokenRules.prefixed;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.SpanCheck;
import io.takumo.aegis.detect.rule.AssignmentRules;
import io.takumo.aegis.detect.rule.GatedRule;
import io.takumo.aegis.detect.rule.RegexRule;
import java.util.Arrays;
import java.util.List;

/** Credentials of cloud platforms: AWS, Azure, GCP, DigitalOcean, Alibaba and smaller hosts. */
final class CloudRules {

  /**
   * Bits per char an AWS access key id needs, prefix included: random 16-char bodies have more
   * than 2.5 (the least of two million draws), a repeated char or pair far less.
   */
  static final double AWS_KEY_ID_ENTROPY = 2.0;

  private CloudRules() {}

  static List<Rule> rules() {
    return Arrays.asList(
        // Long-term (AKIA) and temporary (ASIA) access key ids, and the rarer ABIA/ACCA. The
        // fixed format says enough: the entropy floor only keeps out degenerate bodies
        // (AKIAAAAAAAAAAAAAAAAA, AKIAABABABAB…); the usual 3.0 would miss 1 random key in 5,000.
        prefixed("aws-access-key-id", "aws", "(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}", "AKIA", "ASIA",
                "ABIA", "ACCA")
            .minEntropy(AWS_KEY_ID_ENTROPY)
            .check(SpanCheck.standalone("").and(TokenRules.NOT_AN_EXAMPLE))
            .standaloneStart("")
            .build(),
        new GatedRule(awsSecretAccessKey(), GatedRule::separatorOrAwsKeySoonAfter),
        named(
                "aws-session-token", "aws",
                "(?:aws[_.-]?)?session[_.-]?token|aws[_.-]?security[_.-]?token",
                "[A-Za-z0-9/+]{100,}={0,2}", "session_token", "sessiontoken", "session-token",
                "session.token", "aws_security_token")
            .check(TokenRules.NOT_AN_EXAMPLE)
            .build(),
        // The AccountKey of a storage connection string: 64 random bytes in base64 (88 chars), or
        // any base64 of 40 chars or more, since the name leaves no doubt.
        RegexRule.builder("azure-storage-connection-string", "azst")
            .pattern("AccountKey=([A-Za-z0-9+/]{40,}={0,2})")
            .secretGroups(1)
            .exactCaseKeywords("AccountKey=")
            .keywordWindow(0, 128)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .build(),
        named(
                "azure-storage-account-key", "azst",
                "(?:azure[_.-]?)?storage[_.-]?(?:account[_.-]?)?(?:access[_.-]?)?key",
                "[A-Za-z0-9+/]{60,}={0,2}", "storage_", "storage-", "storage.", "storageaccount",
                "storagekey", "storageaccesskey")
            .check(SpanCheck.ANY)
            .build(),
        // Service Bus, Event Hubs and IoT Hub connection strings: 32 random bytes in base64 (44
        // chars), or any base64 of 30 chars or more.
        RegexRule.builder("azure-shared-access-key", "azsb")
            .pattern("SharedAccessKey=([A-Za-z0-9+/]{30,}={0,2})")
            .secretGroups(1)
            .exactCaseKeywords("SharedAccessKey=")
            .keywordWindow(0, 128)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .build(),
        // The signature of a shared access signature URL (…?sv=…&sig=…).
        RegexRule.builder("azure-sas-token", "azsa")
            .specificity(Specificity.CONTEXTUAL)
            .pattern("[?&]sig=([A-Za-z0-9+/%]{40,120})")
            .secretGroups(1)
            .exactCaseKeywords("sig=")
            .keywordWindow(1, 160)
            .check(SpanCheck.standalone("%+/"))
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .build(),
        // Entra ID (Azure AD) client secrets: 3 chars, a digit, Q~, then 31-34 chars.
        RegexRule.builder("azure-entra-client-secret", "azad")
            .pattern("[A-Za-z0-9_~.-]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}")
            .exactCaseKeywords("Q~")
            .keywordWindow(4, 40)
            .minEntropy(TokenRules.TOKEN_ENTROPY)
            .check(SpanCheck.standalone("~.-"))
            .build(),
        // A service account key file's private key; listed before the PEM rule, which finds the
        // same span, so that the finding names the service account.
        RegexRule.builder("gcp-service-account-key", "gcp")
            .pattern(
                "private_key\\\\?\"[ \\t]*:[ \\t]*\\\\?\"(-----BEGIN PRIVATE KEY-----"
                    + "(?:\\\\\\\\n|\\\\n|\\r?\\n|[A-Za-z0-9+/=])+-----END PRIVATE KEY-----)")
            .secretGroups(1)
            .exactCaseKeywords("private_key")
            .keywordWindow(0, 8192)
            .build(),
        prefixed("digitalocean-token", "do", "dop_v1_[A-Za-z0-9]{40,}", "dop_v1_").build(),
        prefixed("digitalocean-oauth-token", "do", "doo_v1_[A-Za-z0-9]{40,}", "doo_v1_").build(),
        prefixed("digitalocean-refresh-token", "do", "dor_v1_[A-Za-z0-9]{40,}", "dor_v1_").build(),
        prefixed("alibaba-access-key-id", "ali", "LTAI[A-Za-z0-9]{12,20}", "LTAI").build(),
        named(
                "alibaba-access-key-secret", "ali", "access[_.-]?key[_.-]?secret",
                "[A-Za-z0-9]{30}", "access_key_secret", "accesskeysecret", "access-key-secret",
                "access.key.secret")
            .build(),
        prefixed("supabase-token", "supa", "sbp_[A-Za-z0-9]{32,}", "sbp_").build(),
        prefixed(
                "planetscale-token", "pscl", "pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}",
                "pscale_tkn_", "pscale_pw_", "pscale_oauth_")
            .build(),
        prefixed("flyio-token", "fly", "fo1_[A-Za-z0-9_-]{32,}", "fo1_").build(),
        prefixed("netlify-token", "ntlf", "nfp_[A-Za-z0-9]{30,}", "nfp_").build(),
        prefixed("render-api-key", "rndr", "rnd_[A-Za-z0-9]{28,}", "rnd_").build(),
        prefixed("doppler-token", "dplr", "dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}",
                "dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit.")
            .build(),
        prefixed("pulumi-token", "plmi", "pul-[a-f0-9]{40}", "pul-").build());
  }

  /**
   * An AWS secret access key: 40 base64 chars, which on their own could be anything, so only right
   * after a name such as {@code aws_secret_access_key} or {@code SecretAccessKey}. Also matches the
   * {@code aws configure} prompt ({@code AWS Secret Access Key [None]: …}) and {@code aws configure
   * set aws_secret_access_key …}. AWS's documented
   * example key, which contains {@code EXAMPLE}, is left alone.
   */
  private static RegexRule awsSecretAccessKey() {
    return RegexRule.builder("aws-secret-access-key", "aws")
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            "(?i:(?:aws[ _.-]?)?secret[ _.-]?access[ _.-]?key|aws[ _.-]?secret(?:[ _.-]?key)?)"
                + "(?:[ \\t]*\\[[^\\]\\r\\n]{0,40}\\])?"
                // "aws configure set aws_secret_access_key …": blanks only
                + "(?:" + AssignmentRules.SEPARATOR + "|[ \\t]+)"
                + "(?:\\\\?[\"'])?"
                + "([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)")
        .secretGroups(1)
        .keywords("secret")
        .keywordWindow("aws_".length(), 256)
        .minEntropy(3.5)
        .check(SpanCheck.notContaining("EXAMPLE"))
        .build();
  }
}
