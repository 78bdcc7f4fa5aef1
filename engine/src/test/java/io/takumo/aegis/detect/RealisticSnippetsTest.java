package io.takumo.aegis.detect;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Secrets as they turn up in what people send to a model. */
class RealisticSnippetsTest {

  private final FakeSecrets fake = new FakeSecrets(2024);

  @Test
  void dotEnvFile() {
    String openAi = fake.openAiProjectKey();
    String stripe = fake.stripeKey("sk_test_");
    String env =
        "# app settings\n"
            + "NODE_ENV=production\n"
            + "PORT=3000\n"
            + "OPENAI_API_KEY="
            + openAi
            + "\n"
            + "STRIPE_SECRET_KEY="
            + stripe
            + "\n"
            + "DATABASE_URL=postgres://app:Pg!Pr0d-2024@db.internal:5432/app\n"
            + "REDIS_URL=redis://cache:6379/0\n"
            + "SESSION_SECRET=9f2c4e7a1b8d3f6e0a5c\n"
            + "LOG_LEVEL=info\n"
            + "MAX_TOKENS=4096\n";
    assertEquals(
        List.of(
            hit("openai-api-key", openAi),
            hit("stripe-secret-key", stripe),
            hit("connection-string-password", "Pg!Pr0d-2024"),
            hit("secret-assignment", "9f2c4e7a1b8d3f6e0a5c")),
        found(env));
  }

  @Test
  void springYaml() {
    String yaml =
        "spring:\n"
            + "  datasource:\n"
            + "    url: jdbc:postgresql://db:5432/orders\n"
            + "    username: orders\n"
            + "    password: 0rders#Db!2024\n"
            + "  security:\n"
            + "    oauth2:\n"
            + "      client:\n"
            + "        registration:\n"
            + "          github:\n"
            + "            client-id: Iv1.8a61f9b3a7aba766\n"
            + "            client-secret: 4c1f9e2b7d0a6c3e8f5b2a9d7c4e1f0b3a6d9c2e\n"
            + "server:\n"
            + "  port: 8080\n";
    assertEquals(
        List.of(
            hit("password-assignment", "0rders#Db!2024"),
            hit("secret-assignment", "4c1f9e2b7d0a6c3e8f5b2a9d7c4e1f0b3a6d9c2e")),
        found(yaml));
  }

  @Test
  void jsonConfig() {
    String aws = fake.awsAccessKeyId();
    String awsSecret = fake.awsSecretAccessKey();
    String json =
        "{\n"
            + "  \"region\": \"eu-west-1\",\n"
            + "  \"accessKeyId\": \""
            + aws
            + "\",\n"
            + "  \"secretAccessKey\": \""
            + awsSecret
            + "\",\n"
            + "  \"db\": {\"host\": \"db\", \"user\": \"svc\", \"password\": \"Svc-Acc0unt!\"},\n"
            + "  \"retries\": 3\n"
            + "}";
    assertEquals(
        List.of(
            hit("aws-access-key-id", aws),
            hit("aws-secret-access-key", awsSecret),
            hit("password-assignment", "Svc-Acc0unt!")),
        found(json));
  }

  @Test
  void javaCode() {
    String key = fake.anthropicKey();
    String code =
        "public class Client {\n"
            + "  private static final String API_KEY = \""
            + key
            + "\";\n"
            + "  private final String password = System.getenv(\"DB_PASSWORD\");\n"
            + "  private String token;\n"
            + "  void connect() {\n"
            + "    DriverManager.getConnection(url, \"admin\", \"Adm1n!Jdbc\");\n"
            + "    String dbPassword = \"J4va-Hardc0ded\";\n"
            + "    int maxTokens = 1024;\n"
            + "  }\n"
            + "}\n";
    assertEquals(
        List.of(
            hit("anthropic-api-key", key),
            hit("credential-call-password", "Adm1n!Jdbc"),
            hit("password-assignment", "J4va-Hardc0ded")),
        found(code));
  }

  @Test
  void pythonCode() {
    String github = fake.gitHubToken("ghp_");
    String code =
        "import os, requests\n"
            + "GITHUB_TOKEN = '"
            + github
            + "'\n"
            + "api_key = os.environ['OPENAI_API_KEY']\n"
            + "conn = psycopg2.connect(host='db', user='etl', password='Etl_Pa55!')\n"
            + "resp = requests.get(url, headers={'Authorization': f'token {GITHUB_TOKEN}'})\n"
            + "tokens = tokenizer.encode(text)\n";
    assertEquals(
        List.of(hit("github-token", github), hit("password-assignment", "Etl_Pa55!")), found(code));
  }

  @Test
  void javaScriptCode() {
    String slack = fake.slackBotToken();
    String google = fake.googleApiKey();
    String code =
        "const { WebClient } = require('@slack/web-api');\n"
            + "const web = new WebClient('"
            + slack
            + "');\n"
            + "const config = { apiKey: \""
            + google
            + "\", authDomain: \"demo.firebaseapp.com\" };\n"
            + "const secret = process.env.JWT_SECRET;\n";
    assertEquals(List.of(hit("slack-token", slack), hit("google-api-key", google)), found(code));
  }

  @Test
  void chatPromptAsJsonRequestBody() {
    String key = fake.openAiLegacyKey();
    String aws = fake.awsAccessKeyId();
    String body =
        "{\"model\":\"gpt-4o\",\"max_tokens\":1024,\"temperature\":0.2,\"messages\":["
            + "{\"role\":\"system\",\"content\":\"You are a helpful assistant.\"},"
            + "{\"role\":\"user\",\"content\":\"My script fails with 401. Here is my config:\\n"
            + "OPENAI_KEY="
            + key
            + "\\nAWS_ACCESS_KEY_ID="
            + aws
            + "\\nDB_PASSWORD=Chat-Leak3d!\\nWhat is wrong?\"}]}";
    assertEquals(
        List.of(
            hit("openai-legacy-key", key),
            hit("aws-access-key-id", aws),
            hit("password-assignment", "Chat-Leak3d!")),
        found(body));
  }

  @Test
  void curlCommand() {
    String key = fake.openAiProjectKey();
    String curl =
        "curl https://api.openai.com/v1/chat/completions \\\n"
            + "  -H \"Content-Type: application/json\" \\\n"
            + "  -H \"Authorization: Bearer "
            + key
            + "\" \\\n"
            + "  -d '{\"model\": \"gpt-4o-mini\", \"max_tokens\": 50}'";
    assertEquals(List.of(hit("openai-api-key", key)), found(curl));
  }

  /** Markdown and prose around a {@code curl -u}: the backtick and a trailing comma are not in it. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Try `curl -u deploy:Xq7!mR2wLp9` and tell me what it returns. | Xq7!mR2wLp9",
        "I ran curl -u deploy:Xq7!mR2wLp9, then it failed.             | Xq7!mR2wLp9",
        "(curl --user deploy:Xq7!mR2wLp9)                                | Xq7!mR2wLp9",
        "curl -u \"deploy:Xq7!mR2wLp9\" https://ci.internal/api         | Xq7!mR2wLp9",
      })
  void curlUserInProse(String text, String password) {
    assertEquals(List.of(hit("cli-user-password", password)), found(text));
  }

  @Test
  void curlUserWithTheWordPasswordIsDocumentation() {
    assertEquals(List.of(), found("Use basic auth: `curl -u user:password`, or a token."));
  }

  @Test
  void lookAlikesThatAreNotSecrets() {
    StringBuilder text = new StringBuilder();
    text.append("request id ").append(UUID.randomUUID()).append('\n');
    text.append("commit 3f786850e387550fdab836ed7e6dc881de23001b\n");
    text.append("sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\n");
    byte[] png = new byte[3000];
    new Random(1).nextBytes(png);
    text.append("<img src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png))
        .append("\">\n");
    text.append("publishable key pk_live_").append(fake.chars(FakeSecrets.ALNUM, 99)).append('\n');
    text.append(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@host\n");
    text.append("See https://example.com/docs?page=2#tokens and mail ops@example.com\n");
    text.append("The password must be at least 12 characters; rotate your tokens monthly.\n");
    text.append("max_tokens: 2048\ntoken_count: 300\npassword_min_length = 12\n");
    text.append(
        "\"usage\": {\"prompt_tokens\": 19, \"completion_tokens\": 10, \"total_tokens\": 29}\n");
    assertEquals(List.of(), found(text.toString()));
  }
}
