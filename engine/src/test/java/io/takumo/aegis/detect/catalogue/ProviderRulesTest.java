package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.takumo.aegis.detect.FakeSecrets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderRulesTest {

  private final FakeSecrets fake = new FakeSecrets();

  @Test
  void openAiProjectKeyInAuthorizationHeader() {
    String key = fake.openAiProjectKey();
    assertEquals(List.of(hit("openai-api-key", key)), found("Authorization: Bearer " + key));
  }

  @ParameterizedTest
  @CsvSource({"svcacct, openai-service-account-key", "admin, openai-admin-key"})
  void openAiServiceAccountAndAdminKeys(String kind, String ruleId) {
    String key = "sk-" + kind + "-" + fake.chars(FakeSecrets.URL_SAFE, 120);
    assertEquals(List.of(hit(ruleId, key)), found("key " + key + "."));
  }

  @Test
  void openAiLegacyKey() {
    String key = fake.openAiLegacyKey();
    assertEquals(List.of(hit("openai-legacy-key", key)), found("openai.api_key = '" + key + "'"));
  }

  @Test
  void otherSkKeysOf32CharsAndUpAreKeysButNotShorterOnesOrWords() {
    String hex32 = "sk-" + fake.chars("0123456789abcdef", 32);
    String long64 = "sk-" + fake.chars(FakeSecrets.ALNUM, 64);
    String tooShort = "sk-" + fake.chars(FakeSecrets.ALNUM, 31);
    String inWord = "task-" + fake.chars(FakeSecrets.ALNUM, 40);
    assertEquals(
        List.of(hit("openai-legacy-key", hex32), hit("openai-legacy-key", long64)),
        found("a " + hex32 + " b " + long64 + " c " + tooShort + " d " + inWord));
  }

  @Test
  void openAiPlaceholdersAreNotKeys() {
    assertEquals(
        List.of(),
        found(
            "export OPENAI_API_KEY=sk-...\nsk-proj-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
  }

  @Test
  void anthropicApiAndAdminKeys() {
    String api = fake.anthropicKey();
    String admin = "sk-ant-admin01-" + fake.chars(FakeSecrets.URL_SAFE, 93) + "AA";
    assertEquals(
        List.of(hit("anthropic-api-key", api), hit("anthropic-admin-key", admin)),
        found("x-api-key: " + api + "\nadmin: " + admin));
  }

  /** Hand-made and future keys need not end in AA or be 108 chars: the prefix tells. */
  @Test
  void anthropicKeysOfAnyTailAndPlaceholders() {
    String handMade = "sk-ant-api03-" + fake.chars(FakeSecrets.URL_SAFE, 48) + "AB";
    String oauth = "sk-ant-oat01-" + fake.chars(FakeSecrets.URL_SAFE, 93) + "AA";
    assertEquals(
        List.of(hit("anthropic-api-key", handMade), hit("anthropic-oauth-token", oauth)),
        found(" " + handMade + " \n" + oauth));
    assertEquals(
        List.of(),
        found("ANTHROPIC_API_KEY=sk-ant-api03-...\nsk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
            + "\nsk-ant-api03-short"));
  }

  /**
   * Keys written by hand for a test or a demo rarely have the real length; where the prefix or
   * the connection-string name leaves no doubt, any such length is a key.
   */
  @ParameterizedTest
  @CsvSource({
    "huggingface-token, 'HF_TOKEN=', hf_, 34, ''",
    "groq-api-key, 'key ', gsk_, 45, ''",
    "xai-api-key, 'key ', xai-, 70, ''",
    "perplexity-api-key, 'key ', pplx-, 44, ''",
    "replicate-api-token, 'key ', r8_, 35, ''",
    "vault-service-token, 'VAULT_TOKEN=', hvs., 30, ''",
    "telegram-bot-token, 'bot ', 123456789:AA, 34, ''",
    "discord-webhook-url, 'https://discord.com/api/webhooks/123456789012345678/', '', 70, ''",
    "azure-storage-connection-string, 'AccountName=acme;AccountKey=', '', 60, ==",
    "azure-shared-access-key, 'SharedAccessKeyName=send;SharedAccessKey=', '', 40, =",
    "shopify-access-token, 'token ', shpat_, 30, ''",
    "linear-api-key, 'key ', lin_api_, 35, ''",
    "digitalocean-token, 'DO_TOKEN=', dop_v1_, 50, ''",
    "supabase-token, 'key ', sbp_, 36, ''",
    "rubygems-token, 'key ', rubygems_, 44, ''",
    "figma-token, 'key ', figd_, 36, ''",
  })
  void handMadeLengths(String ruleId, String context, String prefix, int length, String padding) {
    String key = prefix + fake.chars(FakeSecrets.ALNUM, length) + padding;
    assertEquals(List.of(hit(ruleId, key)), found(context + key + ";\n"));
  }

  @Test
  void awsAccessKeyIds() {
    String akia = fake.awsAccessKeyId();
    String asia = "ASIA" + fake.chars(FakeSecrets.UPPER + "234567", 16);
    assertEquals(
        List.of(hit("aws-access-key-id", akia), hit("aws-access-key-id", asia)),
        found("AWS_ACCESS_KEY_ID=" + akia + "\n\"AccessKeyId\": \"" + asia + "\""));
  }

  /** Every random key of the format is found, not just those above some entropy floor. */
  @Test
  void everyRandomAwsAccessKeyIdIsFound() {
    FakeSecrets many = new FakeSecrets(7);
    for (int i = 0; i < 50_000; i++) {
      String id = many.awsAccessKeyId();
      assertEquals(List.of(hit("aws-access-key-id", id)), found("aws_access_key_id = " + id), id);
    }
    for (String id : List.of("AKIAOAO5UAO3AYCYVIAY", "AKIAACOAZAZPZ7KJZTAC")) {
      assertEquals(List.of(hit("aws-access-key-id", id)), found("key: " + id));
    }
  }

  @Test
  void degenerateAwsAccessKeyIdsAreNotKeys() {
    assertEquals(
        List.of(), found("AKIAAAAAAAAAAAAAAAAA AKIAABABABABABABABAB ASIA7777777777777777"));
  }

  @Test
  void awsAccessKeyIdInsideLongerRandomStringIsNotOne() {
    String id = fake.awsAccessKeyId();
    assertEquals(List.of(), found("x" + id + " " + id + "Q " + id.toLowerCase()));
  }

  /** AWS's documented example credentials are left alone: tokenizing them would only add noise. */
  @Test
  void awsDocumentedExamplesAreNotDetected() {
    assertEquals(
        List.of(),
        found(
            "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"
                + "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n"));
  }

  @Test
  void awsSecretAccessKeyInCredentialsFile() {
    String id = fake.awsAccessKeyId();
    String secret = fake.awsSecretAccessKey();
    String text =
        "[default]\naws_access_key_id = " + id + "\naws_secret_access_key = " + secret + "\n";
    assertEquals(
        List.of(hit("aws-access-key-id", id), hit("aws-secret-access-key", secret)), found(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "export AWS_SECRET_ACCESS_KEY=%s",
        "{\"SecretAccessKey\": \"%s\"}",
        "secretAccessKey: '%s'",
        "aws_secret_key=\"%s\"",
        "AWS Secret Access Key [None]: %s",
        "s3 = boto3.client('s3', aws_secret_access_key='%s')",
        "aws configure set aws_secret_access_key %s",
        "aws configure set aws_secret_access_key %s --profile ci",
      })
  void awsSecretAccessKeyInContext(String template) {
    String secret = fake.awsSecretAccessKey();
    assertEquals(
        List.of(hit("aws-secret-access-key", secret)), found(String.format(template, secret)));
  }

  @Test
  void fortyBase64CharsAloneAreNotAnAwsSecret() {
    assertEquals(List.of(), found("hash: " + fake.awsSecretAccessKey()));
    assertEquals(List.of(), found("the secret " + fake.awsSecretAccessKey() + "x is longer"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ghp_", "gho_", "ghu_", "ghs_", "ghr_"})
  void gitHubTokensWithValidChecksum(String prefix) {
    String token = fake.gitHubToken(prefix);
    assertEquals(List.of(hit("github-token", token)), found("GITHUB_TOKEN " + token + "\n"));
  }

  @Test
  void gitHubTokenWithWrongChecksumIsNotOne() {
    String token = fake.gitHubToken("ghp_");
    char last = token.charAt(token.length() - 1);
    String broken = token.substring(0, token.length() - 1) + (last == 'a' ? 'b' : 'a');
    assertEquals(List.of(), found("see " + broken));
  }

  @Test
  void adjacentTokensSeparatedByOneCharAreBothFound() {
    String a = fake.gitHubToken("ghp_");
    String b = fake.gitHubToken("ghs_");
    assertEquals(List.of(hit("github-token", a), hit("github-token", b)), found(a + "," + b));
  }

  @Test
  void gitHubFineGrainedToken() {
    String token = fake.gitHubFineGrainedToken();
    assertEquals(
        List.of(hit("github-fine-grained-token", token)),
        found("git clone https://" + token + "@github.com/acme/repo.git"));
  }

  @Test
  void stripeSecretAndRestrictedKeys() {
    String live = fake.stripeKey("sk_live_");
    String test = "sk_test_" + fake.chars(FakeSecrets.ALNUM, 24);
    String restricted = fake.stripeKey("rk_live_");
    assertEquals(
        List.of(
            hit("stripe-secret-key", live),
            hit("stripe-secret-key", test),
            hit("stripe-restricted-key", restricted)),
        found("Stripe.apiKey = \"" + live + "\"; // or " + test + " / " + restricted));
  }

  @Test
  void stripePublishableKeyIsNotASecret() {
    assertEquals(List.of(), found("publishable: pk_live_" + fake.chars(FakeSecrets.ALNUM, 99)));
  }

  @Test
  void slackTokens() {
    String bot = fake.slackBotToken();
    String user =
        "xoxp-"
            + fake.chars(FakeSecrets.DIGITS, 12)
            + "-"
            + fake.chars(FakeSecrets.DIGITS, 12)
            + "-"
            + fake.chars(FakeSecrets.DIGITS, 13)
            + "-"
            + fake.chars("0123456789abcdef", 32);
    String refresh = "xoxe-1-" + fake.chars(FakeSecrets.ALNUM, 140);
    String rotating = "xoxe.xoxp-1-" + fake.chars(FakeSecrets.ALNUM, 140);
    assertEquals(
        List.of(
            hit("slack-token", bot),
            hit("slack-token", user),
            hit("slack-token", refresh),
            hit("slack-token", rotating)),
        found(String.join("\n", bot, user, refresh, rotating)));
  }

  @Test
  void slackPlaceholderIsNotAToken() {
    assertEquals(List.of(), found("SLACK_BOT_TOKEN=xoxb-your-bot-token"));
  }

  @Test
  void slackWebhookPathIsTheSecret() {
    String path = fake.slackWebhookPath();
    assertEquals(
        List.of(hit("slack-webhook-url", path)),
        found("curl -X POST -d '{\"text\":\"hi\"}' https://hooks.slack.com/services/" + path));
  }

  @Test
  void googleApiKey() {
    String key = fake.googleApiKey();
    assertEquals(
        List.of(hit("google-api-key", key)),
        found("https://maps.googleapis.com/maps/api/js?key=" + key + "&callback=init"));
  }

  @Test
  void googleKeyPrefixInsideAWordIsNotAKey() {
    assertEquals(List.of(), found("xAIza" + fake.chars(FakeSecrets.ALNUM, 35)));
  }
}
