package io.takumo.aegis.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped jar as a command: {@code java -jar takumo-aegis.jar scan} and {@code bin/takumo-aegis}. */
class ScanCommandE2ETest {

  private static final Path WRAPPER = AppRunner.AGENT_JAR.getParent().resolve("../../bin/takumo-aegis").normalize();

  @TempDir Path dir;

  private final TestSecrets secrets = new TestSecrets();

  /** Runs a command with {@code stdin}; returns exit code, stdout and stderr. */
  private static String[] run(List<String> command, String stdin) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("TAKUMO_") || k.equals("JAVA_TOOL_OPTIONS"));
    pb.environment().put("TAKUMO_AEGIS_JAR", AppRunner.AGENT_JAR.toString());
    String javaBin = Path.of(AppRunner.javaExecutable()).getParent().toString();
    pb.environment().put("PATH", javaBin + File.pathSeparator + System.getenv("PATH"));
    Process p = pb.start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "scan did not finish");
    return new String[] {
      String.valueOf(p.exitValue()), new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8)
    };
  }

  private static byte[] readAll(java.io.InputStream in) {
    try {
      return in.readAllBytes();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void assertNoSecretIn(String output) {
    String leak = secrets.leakIn(output);
    assertNull(leak, "the output holds " + leak);
  }

  @Test
  void javaDashJarScanFindsEverySecretUnderThePolicyAndPrintsNone() throws Exception {
    Path tree = dir.resolve("tree");
    Files.createDirectories(tree.resolve("sub"));
    Files.writeString(tree.resolve("sub/chat.txt"), secrets.message());
    Files.writeString(tree.resolve("clean.md"), "# nothing here\n" + String.join("\n", secrets.lookAlikes) + "\n");
    Path policy = Files.writeString(dir.resolve("policy.yaml"), "disable: [github-token]\n");
    String[] r = run(List.of(AppRunner.javaExecutable(), "-jar", AppRunner.AGENT_JAR.toString(), "scan",
        "--format", "json", "--policy", policy.toString(), tree.toString()), "");
    assertEquals("1", r[0], r[2]);
    JsonNode json = new ObjectMapper().readTree(r[1]);
    List<String> rules = new ArrayList<>();
    for (JsonNode f : json.get("findings")) {
      assertEquals(tree.resolve("sub/chat.txt").toString(), f.get("path").asText(), "look-alikes are not secrets");
      rules.add(f.get("rule").asText());
    }
    // six secrets; the disabled GitHub rule's token is still caught, as a GITHUB_TOKEN= assignment
    assertEquals(6, rules.size(), rules.toString());
    assertFalse(rules.contains("github-token"), rules.toString());
    assertTrue(rules.containsAll(List.of("openai-api-key", "aws-access-key-id", "password-assignment")), rules.toString());
    assertEquals(2, json.get("scanned").asInt());
    assertNoSecretIn(r[1] + r[2]);
  }

  @Test
  void theWrapperScriptScansStandardInputAsTheDocsSay() throws Exception {
    String[] r = run(List.of("sh", WRAPPER.toString(), "scan", "-"), "AWS_ACCESS_KEY_ID=" + secrets.awsKeyId + "\n");
    assertEquals("1", r[0], r[2]);
    assertEquals("<stdin>:1:19  aws-access-key-id  AKIA…(20 chars)\n", r[1]);
    assertNoSecretIn(r[1] + r[2]);
  }
}
