package io.takumo.aegis.detect.catalogue;

import io.takumo.aegis.detect.FakeSecrets;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * For each built-in rule, how to make a fresh fake secret of its kind and a line it is found in.
 * The unit tests of each rule and the corpus ({@code ⟦rule-id⟧} markers) draw from it, so that no
 * key-shaped string sits in the sources. Shapes are templates: {@code {A:32}} is 32 random chars
 * of alphabet {@code A}; checksums, PEM blocks and JWTs are computed.
 */
final class SecretSamples {

  /** A kind of secret: its rule, a line that names it ({@code %s} is the secret), its shape. */
  static final class Sample {
    final String ruleId;
    final String context;
    final Function<Random, String> maker;
    /** Whether a letter glued to its start makes it a longer, different string (no finding). */
    final boolean standalone;

    Sample(String ruleId, String context, Function<Random, String> maker, boolean standalone) {
      this.ruleId = ruleId;
      this.context = context;
      this.maker = maker;
      this.standalone = standalone;
    }

    String make(Random random) {
      return maker.apply(random);
    }

    @Override
    public String toString() {
      return ruleId;
    }
  }

  static final String HEX = "0123456789abcdef";

  private static final Map<Character, String> ALPHABETS = new LinkedHashMap<>();

  static {
    ALPHABETS.put('A', FakeSecrets.ALNUM);
    ALPHABETS.put('U', FakeSecrets.URL_SAFE);
    ALPHABETS.put('B', FakeSecrets.BASE64);
    ALPHABETS.put('H', HEX);
    ALPHABETS.put('D', FakeSecrets.DIGITS);
    ALPHABETS.put('L', FakeSecrets.UPPER + FakeSecrets.LOWER);
    ALPHABETS.put('C', FakeSecrets.UPPER + FakeSecrets.DIGITS);
    ALPHABETS.put('l', FakeSecrets.LOWER + FakeSecrets.DIGITS);
    ALPHABETS.put('W', FakeSecrets.UPPER + "234567");
    ALPHABETS.put('P', FakeSecrets.ALNUM + "!#%^*~-_");
    ALPHABETS.put('E', "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L");
    ALPHABETS.put('e', "qpzry9x8gf2tvdw0s3jn54khce6mua7l");
    ALPHABETS.put('X', "0123456789ABCDEF");
    ALPHABETS.put('N', "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz");
    ALPHABETS.put('S', "./" + FakeSecrets.ALNUM);
  }

  static final Map<String, Sample> ALL = new LinkedHashMap<>();

  static {
    // AI providers
    add("openai-api-key", "OPENAI_API_KEY=%s", "sk-proj-{U:74}T3BlbkFJ{U:74}");
    add("openai-service-account-key", "key: %s", "sk-svcacct-{U:74}T3BlbkFJ{U:74}");
    add("openai-admin-key", "key: %s", "sk-admin-{U:74}T3BlbkFJ{U:74}");
    add("openai-legacy-key", "openai.api_key = '%s'", "sk-{A:20}T3BlbkFJ{A:20}");
    add("anthropic-api-key", "x-api-key: %s", "sk-ant-api03-{U:93}AA");
    add("anthropic-admin-key", "key %s", "sk-ant-admin01-{U:93}AA");
    add("anthropic-oauth-token", "CLAUDE_CODE_OAUTH_TOKEN=%s", "sk-ant-oat01-{U:93}AA");
    add("google-api-key", "?key=%s&cb=1", "AIza{U:35}");
    add("google-oauth-client-secret", "\"client_secret\": \"%s\"", "GOCSPX-{U:28}");
    add("google-oauth-access-token", "token %s", "ya29.{U:120}");
    add("groq-api-key", "GROQ_API_KEY=%s", "gsk_{A:52}");
    add("xai-api-key", "XAI_API_KEY=%s", "xai-{A:80}");
    add("openrouter-api-key", "key=%s", "sk-or-v1-{H:64}");
    add("perplexity-api-key", "key=%s", "pplx-{A:48}");
    add("replicate-api-token", "REPLICATE_API_TOKEN=%s", "r8_{A:37}");
    add("huggingface-token", "HF_TOKEN=%s", "hf_{A:34}");
    add("huggingface-org-token", "token %s", "api_org_{L:34}");
    add("langsmith-api-key", "LANGSMITH_API_KEY=%s", "lsv2_pt_{H:32}_{H:10}");
    add("mistral-api-key", "MISTRAL_API_KEY=%s", "{A:32}");
    add("cohere-api-key", "cohere_api_key: \"%s\"", "{A:40}");
    add("azure-openai-api-key", "AZURE_OPENAI_API_KEY=%s", "{H:32}");
    add("deepseek-api-key", "DEEPSEEK_API_KEY=%s", "sk-{H:32}");
    // Cloud
    add("aws-access-key-id", "aws_access_key_id = %s", "AKIA{W:16}");
    add("aws-secret-access-key", "aws_secret_access_key = %s", "{B:40}");
    // Values of open length after a name: glued chars just make a longer value.
    put("aws-session-token", "aws_session_token = %s", r -> fill(r, "FwoGZXIvYXdzE{B:300}"), false);
    // Keys of open length: glued chars just make a longer key.
    put("azure-storage-connection-string",
        "DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=%s;EndpointSuffix=core.windows.net",
        r -> fill(r, "{B:86}=="), false);
    put("azure-storage-account-key", "AZURE_STORAGE_KEY=%s", r -> fill(r, "{B:86}=="), false);
    put("azure-shared-access-key",
        "Endpoint=sb://acme.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=%s",
        r -> fill(r, "{B:42}A="), false);
    put("azure-sas-token",
        "https://acme.blob.core.windows.net/c/f.txt?sv=2022-11-02&se=2030-01-01&sp=r&sig=%s",
        r -> fill(r, "{A:43}%3D"), false);
    add("azure-entra-client-secret", "AZURE_CLIENT_SECRET=%s", "{A:3}8Q~{A:34}");
    put("gcp-service-account-key",
        "{\"type\": \"service_account\", \"private_key\": \"%s\\n\"}",
        r -> pem(r, "PRIVATE KEY", "\\n"), false);
    add("digitalocean-token", "DIGITALOCEAN_TOKEN=%s", "dop_v1_{H:64}");
    add("digitalocean-oauth-token", "token: %s", "doo_v1_{H:64}");
    add("digitalocean-refresh-token", "refresh: %s", "dor_v1_{H:64}");
    add("alibaba-access-key-id", "ALIBABA_CLOUD_ACCESS_KEY_ID=%s", "LTAI{A:20}");
    add("alibaba-access-key-secret", "ALIBABA_CLOUD_ACCESS_KEY_SECRET=%s", "{A:30}");
    add("supabase-token", "SUPABASE_ACCESS_TOKEN=%s", "sbp_{H:40}");
    add("planetscale-token", "token: %s", "pscale_tkn_{U:43}");
    add("flyio-token", "FLY_API_TOKEN=%s", "fo1_{U:43}");
    add("netlify-token", "NETLIFY_AUTH_TOKEN=%s", "nfp_{A:36}");
    add("render-api-key", "RENDER_API_KEY=%s", "rnd_{A:32}");
    add("doppler-token", "DOPPLER_TOKEN=%s", "dp.st.{A:43}");
    add("pulumi-token", "PULUMI_ACCESS_TOKEN=%s", "pul-{H:40}");
    // Source and package hosts
    put("github-token", "GITHUB_TOKEN=%s", r -> base62Token(r, "ghp_"), true);
    add("github-fine-grained-token", "GH_TOKEN=%s", "github_pat_{A:22}_{A:59}");
    add("gitlab-pat", "PRIVATE-TOKEN: %s", "glpat-{U:20}");
    add("gitlab-deploy-token", "token %s", "gldt-{U:20}");
    add("gitlab-runner-token", "token = \"%s\"", "glrt-{U:20}");
    add("gitlab-runner-registration-token", "--registration-token %s", "GR1348941{U:20}");
    add("gitlab-pipeline-trigger-token", "-F token=%s", "glptt-{H:40}");
    add("gitlab-oauth-app-secret", "secret: %s", "gloas-{U:64}");
    add("gitlab-feed-token", "feed_token=%s", "glft-{U:20}");
    add("gitlab-scim-token", "scim: %s", "glsoat-{U:20}");
    add("gitlab-job-token", "JOB_TOKEN=%s", "glcbt-64_{U:20}");
    add("gitlab-agent-token", "agent: %s", "glagent-{U:50}");
    put("npm-token", "//registry.npmjs.org/:_authToken=%s", r -> base62Token(r, "npm_"), true);
    add("pypi-token", "password = %s", "pypi-AgEIcHlwaS5vcmc{U:120}");
    add("dockerhub-token", "DOCKERHUB_TOKEN=%s", "dckr_pat_{U:27}");
    add("rubygems-token", "GEM_HOST_API_KEY=%s", "rubygems_{H:48}");
    add("nuget-api-key", "nuget push -k %s", "oy2{l:43}");
    add("clojars-token", "CLOJARS_PASSWORD=%s", "CLOJARS_{l:60}");
    // SaaS
    add("stripe-secret-key", "Stripe.apiKey = \"%s\";", "sk_live_{A:99}");
    add("stripe-restricted-key", "STRIPE_KEY=%s", "rk_test_{A:99}");
    add("stripe-webhook-secret", "STRIPE_WEBHOOK_SECRET=%s", "whsec_{A:32}");
    add("slack-token", "SLACK_BOT_TOKEN=%s", "xoxb-{D:12}-{D:13}-{A:24}");
    add("slack-app-token", "SLACK_APP_TOKEN=%s", "xapp-1-A{C:10}-{D:13}-{H:64}");
    add("slack-webhook-url", "https://hooks.slack.com/services/%s", "T{C:10}/B{C:10}/{A:24}");
    add("twilio-api-key", "TWILIO_API_KEY=%s", "SK{H:32}");
    add("twilio-auth-token", "TWILIO_AUTH_TOKEN=%s", "{H:32}");
    add("sendgrid-api-key", "SENDGRID_API_KEY=%s", "SG.{U:22}.{U:43}");
    add("mailgun-api-key", "api:%s", "key-{H:32}");
    add("mailchimp-api-key", "MAILCHIMP_KEY=%s", "{H:32}-us21");
    add("shopify-access-token", "X-Shopify-Access-Token: %s", "shpat_{H:32}");
    add("shopify-custom-app-token", "token: %s", "shpca_{H:32}");
    add("shopify-private-app-token", "token: %s", "shppa_{H:32}");
    add("shopify-shared-secret", "secret: %s", "shpss_{H:32}");
    add("atlassian-api-token", "JIRA_API_TOKEN=%s", "ATATT3xFfGF0{U:170}=0A1B2C3D");
    add("linear-api-key", "LINEAR_API_KEY=%s", "lin_api_{A:40}");
    add("linear-oauth-token", "token %s", "lin_oauth_{H:64}");
    add("notion-token", "NOTION_TOKEN=%s", "ntn_{D:11}{A:35}");
    add("postman-api-key", "X-Api-Key: %s", "PMAK-{H:24}-{H:34}");
    add("sentry-org-token", "SENTRY_AUTH_TOKEN=%s", "sntrys_eyJ{A:120}");
    add("sentry-user-token", "SENTRY_AUTH_TOKEN=%s", "sntryu_{H:64}");
    add("grafana-cloud-token", "GRAFANA_TOKEN=%s", "glc_{A:80}");
    add("grafana-service-account-token", "GRAFANA_TOKEN=%s", "glsa_{A:32}_{H:8}");
    add("grafana-api-key", "GRAFANA_API_KEY=%s", "eyJrIjoi{A:80}");
    add("datadog-api-key", "DD_API_KEY=%s", "{H:32}");
    add("datadog-app-key", "DD_APP_KEY=%s", "{H:40}");
    add("databricks-token", "DATABRICKS_TOKEN=%s", "dapi{H:32}");
    add("vault-service-token", "VAULT_TOKEN=%s", "hvs.{U:95}");
    add("vault-batch-token", "VAULT_TOKEN=%s", "hvb.{U:140}");
    add("terraform-cloud-token", "token = \"%s\"", "{A:14}.atlasv1.{U:67}");
    add("telegram-bot-token", "BOT_TOKEN=%s", "7{D:8}:AA{U:33}");
    add("discord-bot-token", "DISCORD_BOT_TOKEN=%s", "M{U:23}.{U:6}.{U:38}");
    put("discord-webhook-url", "https://discord.com/api/webhooks/123456789012345678/%s",
        r -> fill(r, "{U:68}"), false);
    add("new-relic-api-key", "NEW_RELIC_API_KEY=%s", "NRAK-{C:27}");
    add("figma-token", "FIGMA_TOKEN=%s", "figd_{U:40}");
    add("square-access-token", "SQUARE_ACCESS_TOKEN=%s", "EAAA{U:60}");
    add("square-oauth-secret", "secret: %s", "sq0csp-{U:43}");
    add("mapbox-secret-token", "MAPBOX_TOKEN=%s", "sk.eyJ{U:60}.{U:22}");
    // Keys and generic credentials
    put("pem-private-key", "key = \"\"\"%s\"\"\"", r -> pem(r, "RSA PRIVATE KEY", "\n"), false);
    put("jwt", "Cookie: session=%s", SecretSamples::jwt, true);
    add("age-secret-key", "%s", "AGE-SECRET-KEY-1{E:58}");
    put("authorization-bearer", "-H 'Authorization: Bearer %s'", r -> fill(r, "{U:40}"), false);
    put("authorization-basic", "Authorization: Basic %s", r -> basic(r), false);
    put("connection-string-password", "postgres://app:%s@db.internal:5432/orders",
        r -> fill(r, "{P:16}"), false);
    put("cli-user-password", "curl -u deploy:%s https://ci.internal/api", r -> fill(r, "{P:14}"), false);
    put("cli-password-option", "mysqldump -h db.internal -u app -p%s orders > dump.sql",
        r -> fill(r, "k{P:12}7"), false);
    put("netrc-password", "machine api.example.com\n  login deploy\n  password %s",
        r -> fill(r, "{P:16}"), false);
    put("credential-call-password",
        "Connection c = DriverManager.getConnection(url, \"app\", \"%s\");",
        r -> fill(r, "{A:16}"), false);
    put("sql-password", "CREATE USER app WITH PASSWORD '%s';", r -> fill(r, "{P:14}"), false);
    put("pem-private-key-base64", "    client-key-data: %s",
        r -> Base64.getEncoder().encodeToString(
            pem(r, "RSA PRIVATE KEY", "\n").getBytes(StandardCharsets.US_ASCII)), true);
    put("password-assignment", "DB_PASSWORD=%s", r -> fill(r, "{P:12}9!"), false);
    put("password-in-sentence", "my password is %s and then the VPN asks for a code",
        r -> fill(r, "k{A:10}7!"), false);
    put("secret-assignment", "\"client_secret\": \"%s\"", r -> fill(r, "{A:32}"), false);
    put("secret-in-sentence", "our API key is %s and it stopped working since Monday",
        r -> fill(r, "k{A:20}7"), false);
    // The provider catalogue: each line carries its own sample template and context.
    // A named value of open length just grows when chars are glued to it.
    for (CatalogueRules.Entry e : CatalogueRules.entries()) {
      boolean openLength = e.kind == CatalogueRules.Kind.NAMED && e.regex.matches(".*\\{\\d+,\\d*}.*");
      put(e.id, e.context, r -> fill(r, e.sample), !openLength);
    }
  }

  private SecretSamples() {}

  private static void add(String ruleId, String context, String template) {
    put(ruleId, context, r -> fill(r, template), true);
  }

  private static void put(
      String ruleId, String context, Function<Random, String> maker, boolean standalone) {
    ALL.put(ruleId, new Sample(ruleId, context, maker, standalone));
  }

  /** Expands {@code {X:n}} to {@code n} random chars of alphabet {@code X}. */
  static String fill(Random random, String template) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      int close = template.indexOf('}', i);
      if (c == '{' && close > i + 2 && template.charAt(i + 2) == ':'
          && ALPHABETS.containsKey(template.charAt(i + 1))) {
        String alphabet = ALPHABETS.get(template.charAt(i + 1));
        int n = Integer.parseInt(template.substring(i + 3, close));
        for (int k = 0; k < n; k++) {
          out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** A GitHub- or npm-style token: prefix, 30 random base62 chars and their CRC32 in base62. */
  static String base62Token(Random random, String prefix) {
    String body = fill(random, "{A:30}");
    return prefix + body + FakeSecrets.base62Crc32(body);
  }

  /** PEM armour around random bytes (a key's size), lines joined by {@code newline}. */
  static String pem(Random random, String label, String newline) {
    byte[] der = new byte[1200];
    random.nextBytes(der);
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return ("-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----")
        .replace("\n", newline);
  }

  static String jwt(Random random) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    String payload =
        b64.encodeToString(
            ("{\"sub\":\"" + fill(random, "{D:8}") + "\",\"exp\":1900000000}")
                .getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + fill(random, "{U:43}");
  }

  static String basic(Random random) {
    return Base64.getEncoder()
        .encodeToString(("deploy:" + fill(random, "{P:14}")).getBytes(StandardCharsets.UTF_8));
  }
}
