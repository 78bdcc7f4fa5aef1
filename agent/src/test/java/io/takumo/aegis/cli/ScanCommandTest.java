package io.takumo.aegis.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.policy.TestValues;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code takumo-aegis scan}, run in-process: formats, exit codes, the policy file, edge cases. */
class ScanCommandTest {

  @TempDir Path dir;

  private final TestValues values = new TestValues();
  private final String aws = values.awsKeyId();
  private final String password = values.password();
  private final String acme = values.acmeKey();
  private final Map<String, String> env = new HashMap<>();
  private String stdin = "";

  /** What a run printed, and its exit code. */
  private static final class Run {
    final int status;
    final String out;
    final String err;

    Run(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }
  }

  private Run scan(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] all = new String[args.length + 1];
    all[0] = "scan";
    System.arraycopy(args, 0, all, 1, args.length);
    int status = AegisCli.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), Map.of(), env);
    Run run = new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    for (String secret : List.of(aws, password, acme, acme.substring(5))) {
      assertFalse(run.out.contains(secret) || run.err.contains(secret), "a secret in the output");
    }
    return run;
  }

  private Path write(String name, String content) throws Exception {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  /** Two secrets in a nested file (one on line 3 after a multi-byte char), one clean file. */
  private Path tree() throws Exception {
    write("proj/clean.txt", "nothing to see\n");
    write("proj/conf/app.env", "# settings\nREGION=eu\nNOTE=é AWS_ACCESS_KEY_ID=" + aws + "\ndb_password=\"" + password + "\"\n");
    return dir.resolve("proj");
  }

  @Test
  void textFormatPrintsFileLineColumnRuleAndMaskedPreviewAndExitsOne() throws Exception {
    Path root = tree();
    Run run = scan(root.toString());
    assertEquals(AegisCli.FINDINGS, run.status, run.err);
    Path file = root.resolve("conf/app.env");
    assertEquals(
        file + ":3:26  aws-access-key-id  AKIA…(20 chars)\n"
            + file + ":4:14  password-assignment  " + password.substring(0, 4) + "…(" + password.length() + " chars)\n",
        run.out);
    assertTrue(run.err.contains("2 finding(s) in 2 file(s) scanned"), run.err);
  }

  @Test
  void nothingFoundExitsZero() throws Exception {
    write("clean/a.txt", "hello\n");
    Run run = scan(dir.resolve("clean").toString());
    assertEquals(AegisCli.OK, run.status, run.err);
    assertEquals("", run.out);
  }

  @Test
  void usageAndIoErrorsExitTwo() throws Exception {
    assertEquals(AegisCli.USAGE, scan().status);
    assertEquals(AegisCli.USAGE, scan("--bogus", dir.toString()).status);
    assertEquals(AegisCli.USAGE, scan("--format", "xml", dir.toString()).status);
    assertEquals(AegisCli.USAGE, scan("--format").status);
    assertEquals(AegisCli.USAGE, scan("--max-file-size", "lots", dir.toString()).status);
    Run missing = scan(dir.resolve("no-such-file").toString());
    assertEquals(AegisCli.USAGE, missing.status);
    assertTrue(missing.err.contains("no such file or directory"), missing.err);
    Run help = scan("--help");
    assertEquals(AegisCli.OK, help.status);
    assertTrue(help.out.contains("--format text|json|sarif"), help.out);
  }

  @Test
  void jsonFormatListsEveryFindingWithItsSpan() throws Exception {
    Path root = tree();
    Run run = scan("--format", "json", root.toString());
    assertEquals(AegisCli.FINDINGS, run.status, run.err);
    JsonNode json = new ObjectMapper().readTree(run.out);
    assertEquals(2, json.get("count").asInt());
    assertEquals(2, json.get("scanned").asInt());
    JsonNode first = json.get("findings").get(0);
    assertEquals(root.resolve("conf/app.env").toString(), first.get("path").asText());
    assertEquals("aws-access-key-id", first.get("rule").asText());
    assertEquals(3, first.get("line").asInt());
    assertEquals(26, first.get("column").asInt());
    assertEquals(46, first.get("endColumn").asInt());
    assertEquals("password-assignment", json.get("findings").get(1).get("rule").asText());
  }

  @Test
  void sarifRegionsCoverExactlyTheSecrets() throws Exception {
    String pem = "-----BEGIN PRIVATE KEY-----\n" + values.alnum(64) + "\n" + values.alnum(64) + "\n-----END PRIVATE KEY-----";
    write("s/a.yaml", "db:\n  password: '" + password + "'\nkeys:\n  - " + aws + "  # aws\n");
    write("s/b/key.txt", "intro\n" + pem + "\n");
    write("s/c d.txt", "x " + acme + "\n");
    write("policy.yaml", "rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n    description: ACME key\n");
    Run run = scan("--format=sarif", "--policy", dir.resolve("policy.yaml").toString(), dir.resolve("s").toString());
    assertEquals(AegisCli.FINDINGS, run.status, run.err);
    JsonNode sarif = new ObjectMapper().readTree(run.out);
    assertEquals("2.1.0", sarif.get("version").asText());
    JsonNode runNode = sarif.get("runs").get(0);
    JsonNode rules = runNode.get("tool").get("driver").get("rules");
    List<String> ruleIds = new ArrayList<>();
    rules.forEach(r -> ruleIds.add(r.get("id").asText()));
    assertTrue(ruleIds.contains("acme-key") && ruleIds.contains("aws-access-key-id"), ruleIds.toString());
    JsonNode results = runNode.get("results");
    List<String> covered = new ArrayList<>();
    List<String> resultRules = new ArrayList<>();
    for (JsonNode result : results) {
      String ruleId = result.get("ruleId").asText();
      assertEquals(ruleId, rules.get(result.get("ruleIndex").asInt()).get("id").asText());
      JsonNode location = result.get("locations").get(0).get("physicalLocation");
      Path file = Path.of(java.net.URI.create(location.get("artifactLocation").get("uri").asText()));
      covered.add(textAt(Files.readString(file), location.get("region")));
      resultRules.add(ruleId);
    }
    assertEquals(List.of(password, aws, pem, acme), covered);
    assertEquals(List.of("password-assignment", "aws-access-key-id"), resultRules.subList(0, 2));
    assertEquals("acme-key", resultRules.get(3));
  }

  /** The text a SARIF region covers: 1-based lines and columns, endColumn exclusive. */
  private static String textAt(String text, JsonNode region) {
    String[] lines = text.split("\n", -1);
    int startLine = region.get("startLine").asInt();
    int endLine = region.get("endLine").asInt();
    int startColumn = region.get("startColumn").asInt();
    int endColumn = region.get("endColumn").asInt();
    if (startLine == endLine) {
      return lines[startLine - 1].substring(startColumn - 1, endColumn - 1);
    }
    StringBuilder sb = new StringBuilder(lines[startLine - 1].substring(startColumn - 1));
    for (int l = startLine + 1; l < endLine; l++) {
      sb.append('\n').append(lines[l - 1]);
    }
    return sb.append('\n').append(lines[endLine - 1], 0, endColumn - 1).toString();
  }

  @Test
  void policyFileAddsRulesAllowsValuesDisablesRulesAndAddsNames() throws Exception {
    String other = values.awsKeyId();
    Path file = write("p/x.env", "ACME=" + acme + "\nA=" + aws + "\nB=" + other + "\nauth_code=" + password + "\n");
    Path policy = write("policy.yaml",
        "rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n    keywords: [acme_]\n"
            + "allowlist:\n  values: ['" + other + "']\n"
            + "generic-names: [auth_code]\n");
    Run run = scan("--policy", policy.toString(), file.toString());
    assertEquals(file + ":1:6  acme-key  acme…(37 chars)\n"
        + file + ":2:3  aws-access-key-id  AKIA…(20 chars)\n"
        + file + ":4:11  secret-assignment  " + password.substring(0, 4) + "…(" + password.length() + " chars)\n", run.out);
    Files.writeString(policy, "disable: [aws-access-key-id]\n");
    run = scan("--policy", policy.toString(), file.toString());
    assertEquals("", run.out);
    assertEquals(AegisCli.OK, run.status);
  }

  @Test
  void listRulesPrintsEveryRuleOfThePolicyAsTextOrJson() throws Exception {
    Path policy = write("list/policy.yaml",
        "rules:\n  - id: acme-key\n    regex: 'acme_[A-Za-z0-9]{32}'\n    keywords: [acme_]\n"
            + "    description: ACME keys\n"
            + "disable: [aws-access-key-id]\n");
    Run run = scan("--list-rules", "--policy", policy.toString());
    assertEquals(AegisCli.OK, run.status, run.err);
    List<String> lines = List.of(run.out.split("\n"));
    assertTrue(lines.size() >= 400, lines.size() + " rules");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("acme-key  ")
        && l.endsWith("  ACME keys  [acme_]  (policy)")), run.out);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("tailscale-auth-key  format  tscl  Tailscale")), run.out);
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("aws-access-key-id  ")), "a disabled rule listed");

    run = scan("--list-rules", "--format", "json");
    assertEquals(AegisCli.OK, run.status, run.err);
    assertTrue(run.out.startsWith("{\"count\":" + lines.size() + ",\"rules\":["), run.out.substring(0, 40));
    assertTrue(run.out.contains("{\"id\":\"bcrypt-hash\",\"kind\":\"format\",\"hint\":\"bcpt\","
        + "\"source\":\"built-in\",\"description\":"), run.out);
    assertEquals(AegisCli.USAGE, scan("--list-rules", "some/path").status);
    assertEquals(AegisCli.USAGE, scan("--list-rules", "--format", "sarif").status);
  }

  @Test
  void thePolicyComesFromTheAgentsSourcesWithoutTheOption() throws Exception {
    Path file = write("e/x.env", "A=" + aws + "\n");
    env.put("TAKUMO_AEGIS_POLICY", write("policy.yaml", "disable: [aws-access-key-id]\n").toString());
    assertEquals(AegisCli.OK, scan(file.toString()).status);
  }

  @Test
  void badRegexIsReportedWithTheRuleIdAndTheBuiltInsStillScan() throws Exception {
    Path file = write("b/x.env", "A=" + aws + "\n");
    Path policy = write("policy.yaml", "rules:\n  - id: my-broken-rule\n    regex: '[a-z'\n");
    Run run = scan("--policy", policy.toString(), file.toString());
    assertEquals(AegisCli.USAGE, run.status);
    assertTrue(run.err.contains("rule 'my-broken-rule': invalid regex"), run.err);
    assertTrue(run.out.contains("aws-access-key-id"), run.out);
  }

  @Test
  void allowlistedPathsAndVersionControlDirectoriesAreNotScanned() throws Exception {
    write("g/yarn.lock", "A=" + aws + "\n");
    write("g/node_modules/x/a.js", "A=" + aws + "\n");
    write("g/src/test/a.env", "A=" + aws + "\n");
    write("g/src/main/a.env", "A=" + aws + "\n");
    write("g/.git/COMMIT_EDITMSG", "A=" + aws + "\n");
    Path policy = write("policy.yaml", "allowlist:\n  paths: ['*.lock', node_modules, 'src/test/**']\n");
    Run run = scan("--policy", policy.toString(), dir.resolve("g").toString());
    assertEquals(dir.resolve("g/src/main/a.env") + ":1:3  aws-access-key-id  AKIA…(20 chars)\n", run.out);
  }

  @Test
  void standardInputIsScanned() {
    stdin = "please debug: export AWS_ACCESS_KEY_ID=" + aws + "\n";
    Run run = scan("--format", "json", "-");
    assertEquals(AegisCli.FINDINGS, run.status, run.err);
    assertTrue(run.out.contains("\"path\":\"<stdin>\",\"line\":1,\"column\":40"), run.out);
  }

  @Test
  void binaryFilesAndFilesOverTheLimitAreSkipped() throws Exception {
    byte[] binary = ("\0\1\2 A=" + aws).getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(dir.resolve("k"));
    Files.write(dir.resolve("k/image.bin"), binary);
    write("k/big.env", "#".repeat(2048) + "\nA=" + aws + "\n");
    write("k/small.env", "x\n");
    Run run = scan("--max-file-size", "1KB", dir.resolve("k").toString());
    assertEquals(AegisCli.OK, run.status, run.err);
    assertTrue(run.err.contains("in 1 file(s) scanned, 2 skipped"), run.err);
    Run unlimited = scan(dir.resolve("k").toString());
    assertEquals(dir.resolve("k/big.env") + ":2:3  aws-access-key-id  AKIA…(20 chars)\n", unlimited.out);
  }

  @Test
  void symbolicLinkLoopsAreNotFollowed() throws Exception {
    write("l/sub/a.env", "A=" + aws + "\n");
    Files.createSymbolicLink(dir.resolve("l/sub/back"), dir.resolve("l"));
    Files.createSymbolicLink(dir.resolve("l/self"), Path.of("."));
    Run run = scan(dir.resolve("l").toString());
    assertEquals(AegisCli.FINDINGS, run.status, run.err);
    assertEquals(dir.resolve("l/sub/a.env") + ":1:3  aws-access-key-id  AKIA…(20 chars)\n", run.out);
    assertTrue(run.err.contains("2 symbolic link loop(s) not followed"), run.err);
  }

  @Test
  void manyFilesAreReportedInPathOrder() throws Exception {
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      String name = String.format("m/d%02d/f%03d.env", i % 7, i);
      write(name, "x\n".repeat(i % 5) + "A=" + aws + "\n");
    }
    List<Path> files = new ArrayList<>();
    try (var walk = Files.walk(dir.resolve("m"))) {
      walk.filter(Files::isRegularFile).sorted().forEach(files::add);
    }
    for (Path f : files) {
      int line = Integer.parseInt(f.getFileName().toString().substring(1, 4)) % 5 + 1;
      expected.append(f).append(':').append(line).append(":3  aws-access-key-id  AKIA…(20 chars)\n");
    }
    assertEquals(expected.toString(), scan(dir.resolve("m").toString()).out);
  }
  /** A loopback port that accepts connections and counts them, standing in for an absent gateway. */
  private static final class CountingPort implements AutoCloseable {
    final java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    final java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();

    CountingPort() throws java.io.IOException {
      Thread t = new Thread(() -> {
        while (!socket.isClosed()) {
          try (java.net.Socket s = socket.accept()) {
            accepted.incrementAndGet();
          } catch (java.io.IOException e) {
            return;
          }
        }
      });
      t.setDaemon(true);
      t.start();
    }

    String url() {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    @Override
    public void close() throws java.io.IOException {
      socket.close();
    }
  }

  @Test
  void localModeNeverTouchesTheNetwork() throws Exception {
    Path root = tree();
    try (CountingPort port = new CountingPort()) {
      env.put("TAKUMO_GATEWAY_URL", port.url());
      env.put("TAKUMO_API_KEY", "tk_live_scan_test_key");
      Run run = scan(root.toString());
      assertEquals(AegisCli.FINDINGS, run.status, run.err);
      assertFalse(run.err.contains("gateway"), run.err);
      Thread.sleep(100);
      assertEquals(0, port.accepted.get(), "no connection in mode local");
      Run strict = scan("--require-org-policy", root.toString());
      assertEquals(AegisCli.USAGE, strict.status);
      assertTrue(strict.err.contains("--require-org-policy needs mode gateway"), strict.err);
    }
  }

  @Test
  void anUnreachableGatewayIsOneLineAndTheLocalPolicyScansUnlessTheOrgPolicyIsRequired() throws Exception {
    Path root = tree();
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closed + "/v1";
    env.put("TAKUMO_AEGIS_MODE", "gateway");
    env.put("TAKUMO_GATEWAY_URL", url);
    env.put("TAKUMO_API_KEY", "tk_live_scan_test_key");
    env.put("TAKUMO_GATEWAY_PUBLIC_KEY", io.takumo.aegis.protocol.GatewayKeys.pem(
        io.takumo.aegis.protocol.GatewayKeys.generate().getPublic()));
    Run run = scan(root.toString());
    assertEquals(AegisCli.FINDINGS, run.status, "the exit code is the findings' own: " + run.err);
    assertEquals(2, run.out.lines().count(), run.out);
    List<String> gatewayLines = run.err.lines().filter(l -> l.contains("gateway")).collect(java.util.stream.Collectors.toList());
    assertEquals(1, gatewayLines.size(), run.err);
    assertEquals("takumo-aegis: the Takumo gateway " + url + " is unreachable (connection refused; run takumo-aegis doctor);"
        + " scanning with the local policy only, without the org policy", gatewayLines.get(0));
    assertFalse(run.err.contains("tk_live_scan_test_key"));

    Run strict = scan("--require-org-policy", root.toString());
    assertEquals(AegisCli.USAGE, strict.status, strict.err);
    assertEquals("", strict.out);
    assertTrue(strict.err.startsWith("takumo-aegis: the Takumo gateway " + url + " is unreachable")
        && strict.err.trim().endsWith("scanning nothing (--require-org-policy)"), strict.err);
  }
}
