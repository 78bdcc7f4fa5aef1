package io.takumo.aegis.server.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official {@code openai} npm package (7.x), installed from the registry into
 * {@code server/target/node-client}, pointed at the gateway as its base URL with
 * {@code X-Takumo-Api-Key} in {@code defaultHeaders}: a chat completion and a streamed one with a
 * tool call (the token split across deltas), against the stand-in provider. Skipped, saying so,
 * only where {@code node} or {@code npm} is not installed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class OpenAiNodeClientTest {
  private static final String SECRET = ProtectionEndToEndTest.SECRET;
  private static final String PROVIDER_KEY = "sk-proj-standinproviderkey0123456789abcdef";
  private static final String OPENAI_PACKAGE = "openai@7";

  @Test
  void theOpenAiNodeSdkGetsItsSecretBackInTextAndStreamedToolCalls(@TempDir Path dir) throws Exception {
    boolean nodeHere = onPath("node") && onPath("npm");
    // CI installs them (.ci/run): there a missing one fails the test rather than skipping it.
    assertTrue(nodeHere || !"true".equals(System.getenv("CI")), "node and npm are not on the PATH, and CI=true");
    Assumptions.assumeTrue(nodeHere,
        "node and npm are not on the PATH: the OpenAI Node SDK test cannot run here (apt-get install nodejs npm)");
    Path client = installClient();
    try (StandInProvider provider = new StandInProvider();
        ServerProcess server = ServerProcess.start(dir, "--openai-base-url", provider.baseUrl(), "--allow-private-upstreams")) {
      assertEquals(0, server.adminHere("plans", "create", "team").exitCode());
      assertEquals(0, server.adminHere("orgs", "create", "acme", "--plan", "team").exitCode());
      String key = server.adminHere("keys", "create", "--org", "acme", "--scopes", "llm:chat").lastLine();

      ProcessBuilder node = new ProcessBuilder("node", client.resolve("openai-client.mjs").toString())
          .directory(client.toFile()).redirectError(dir.resolve("node.err").toFile());
      node.environment().put("GATEWAY_BASE_URL", server.gatewayUrl + "/v1");
      node.environment().put("PROVIDER_KEY", PROVIDER_KEY);
      node.environment().put("TAKUMO_API_KEY", key);
      node.environment().put("SECRET", SECRET);
      Process process = node.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, process.exitValue(), "node failed: " + Files.readString(dir.resolve("node.err")));

      JsonObject got = new JsonObject(out.strip());
      JsonObject json = got.getJsonObject("json");
      assertEquals("echo " + SECRET, json.getString("content"));
      assertEquals("deploy", json.getString("name"));
      assertEquals("{\"token\":\"" + SECRET + "\"}", json.getString("arguments"));
      JsonObject stream = got.getJsonObject("stream");
      assertEquals("echo " + SECRET, stream.getString("content"), "a token split across deltas comes back whole");
      assertEquals("deploy", stream.getString("name"));
      assertEquals("{\"token\":\"" + SECRET + "\"}", stream.getString("arguments"));

      assertEquals(2, provider.received.size());
      for (StandInProvider.Received received : provider.received) {
        assertFalse(received.body().contains(SECRET), "the provider never sees the secret");
        assertTrue(received.body().contains("TKM_"), "it sees a token");
        assertEquals(List.of("Bearer " + PROVIDER_KEY), received.headers().get("Authorization"));
        received.headers().forEach((name, values) -> {
          assertFalse(name.toLowerCase().startsWith("x-takumo"), name);
          assertFalse(values.stream().anyMatch(v -> v.contains(key)), "the Takumo key stays at the gateway");
        });
      }
      assertTrue(provider.received.get(1).body().contains("\"stream\":true"));
    }
  }

  /** {@code server/target/node-client} with the script and the {@code openai} package, installed once. */
  private static Path installClient() throws IOException, InterruptedException {
    Path client = Path.of(System.getProperty("takumo.server.home"), "server", "target", "node-client");
    Files.createDirectories(client);
    try (var script = OpenAiNodeClientTest.class.getResourceAsStream("/node/openai-client.mjs")) {
      Files.write(client.resolve("openai-client.mjs"), script.readAllBytes());
    }
    if (!Files.exists(client.resolve("node_modules/openai/package.json"))) {
      Files.writeString(client.resolve("package.json"), "{\"name\":\"takumo-node-client-test\",\"private\":true}\n");
      Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error", OPENAI_PACKAGE)
          .directory(client.toFile()).redirectErrorStream(true).start();
      String log = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(npm.waitFor(240, TimeUnit.SECONDS), "npm install timed out");
      assertEquals(0, npm.exitValue(), "npm install " + OPENAI_PACKAGE + " failed: " + log);
    }
    return client;
  }

  private static boolean onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }
}
