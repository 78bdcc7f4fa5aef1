package io.takumo.aegis.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.vault.TokenFingerprint;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "TKM_oai_nj4nejtbntwmb80dzkmv";

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AegisLog log = new AegisLog(AegisLog.Level.DEBUG, new PrintStream(logged, true));

  @Test
  void aRecordIsOneJsonLineWithRulesCountsFingerprintsBytesAndLatency() throws Exception {
    Map<String, Integer> rules = new LinkedHashMap<>();
    rules.put("aws-access-key-id", 1);
    rules.put("openai-api-key", 2);
    AuditRecord record = new AuditRecord(1_790_000_000_123L, "local", "api.openai.com", "tokenized", null,
        rules, List.of(TOKEN, "TKM_aws_0123456789abcdefghjk"), 812, 790, 153);

    String line = record.toJson();
    assertFalse(line.contains("\n"));
    JsonNode node = JSON.readTree(line);
    assertEquals("2026-09-21T14:13:20.123Z", node.get("time").asText());
    assertEquals("local", node.get("mode").asText());
    assertEquals("api.openai.com", node.get("host").asText());
    assertEquals("tokenized", node.get("outcome").asText());
    assertEquals(2, node.get("rules").get("openai-api-key").asInt());
    assertEquals(1, node.get("rules").get("aws-access-key-id").asInt());
    assertEquals(3, node.get("secrets").asInt());
    assertEquals(TokenFingerprint.of(TOKEN), node.get("tokens").get(0).asText());
    assertEquals(12, node.get("tokens").get(1).asText().length());
    assertEquals(812, node.get("bytesBefore").asLong());
    assertEquals(790, node.get("bytesAfter").asLong());
    assertEquals(153, node.get("addedMicros").asLong());
    assertFalse(line.contains(TOKEN), "tokens appear only as fingerprints");
    assertNull(node.get("reason"));
  }

  @Test
  void aRefusedRequestNamesItsReasonAndOmitsWhatWasNotMeasured() throws Exception {
    JsonNode node = JSON.readTree(AuditRecord.refused(0, "local", "api.openai.com", "blocked",
        "request body is not valid JSON (near byte \"12\")", 40, -1).toJson());
    assertEquals("blocked", node.get("outcome").asText());
    assertEquals("request body is not valid JSON (near byte \"12\")", node.get("reason").asText());
    assertEquals(40, node.get("bytesBefore").asLong());
    assertNull(node.get("bytesAfter"));
    assertNull(node.get("addedMicros"));
    assertEquals(0, node.get("secrets").asInt());
  }

  @Test
  void concurrentRecordsEachBecomeOneWholeLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    AuditLog audit = AuditLog.open(file.toString(), log);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      String host = "host-" + t;
      Thread thread = new Thread(() -> {
        for (int i = 0; i < 500; i++) {
          audit.record(new AuditRecord(i, "local", host, "clean", null, Map.of(), Set.of(), i, i, 1));
        }
      });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    audit.close();

    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(4000, lines.size());
    Set<String> seen = new HashSet<>();
    for (String line : lines) {
      JsonNode node = JSON.readTree(line);
      seen.add(node.get("host").asText() + "/" + node.get("bytesBefore").asLong());
    }
    assertEquals(4000, seen.size(), "every record once");
    assertEquals("", logged.toString());
  }

  @Test
  void anUnwritableFileMeansOneWarningAndNoAuditLog(@TempDir Path dir) {
    Path file = dir.resolve("missing-dir").resolve("audit.jsonl");
    assertNull(AuditLog.open(file.toString(), log));
    String warnings = logged.toString();
    assertEquals(1, warnings.lines().count(), warnings);
    assertTrue(warnings.contains("WARN cannot open the audit file " + file), warnings);
    assertNull(AuditLog.open("", log), "no audit file configured");
  }

  @Test
  void aNewAuditFileIsTheOwnersOnly(@TempDir Path dir) throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = dir.resolve("audit.jsonl");
    AuditLog audit = AuditLog.open(file.toString(), log);
    audit.record(AuditRecord.refused(1, "local", "api.openai.com", "blocked", "r", 1, -1));
    audit.close();
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    assertEquals(1, Files.readAllLines(file).size());
    assertEquals("", logged.toString());
  }

  @Test
  void anExistingAuditFileOthersCanReadKeepsItsModeWithOneWarning(@TempDir Path dir) throws Exception {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
    Path file = Files.createFile(dir.resolve("audit.jsonl"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    AuditLog audit = AuditLog.open(file.toString(), log);
    audit.close();
    assertEquals(PosixFilePermissions.fromString("rw-r-----"), Files.getPosixFilePermissions(file));
    String warnings = logged.toString();
    assertEquals(1, warnings.lines().count(), warnings);
    assertTrue(warnings.contains("WARN the audit file " + file + " can be read or written by other users (rw-r-----)"),
        warnings);
  }
}
