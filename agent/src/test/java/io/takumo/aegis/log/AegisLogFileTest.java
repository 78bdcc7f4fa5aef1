package io.takumo.aegis.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log file: created for its owner only, an existing one's mode left as its owner set it. */
class AegisLogFileTest {

  @TempDir Path dir;

  @BeforeEach
  void needsPosixPermissions() {
    assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
  }

  @Test
  void aNewLogFileIsTheOwnersOnly() throws Exception {
    Path file = dir.resolve("aegis.log");
    AegisLog.create(AegisLog.Level.INFO, file.toString()).info("started");
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).endsWith("[takumo-aegis] INFO started"), lines.get(0));
  }

  @Test
  void anExistingLogFileKeepsItsModeAndIsAppendedTo() throws Exception {
    Path file = Files.writeString(dir.resolve("aegis.log"), "before\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    AegisLog.create(AegisLog.Level.INFO, file.toString()).info("started");
    assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(2, lines.size(), "no warning for an owner-only file: " + lines);
    assertEquals("before", lines.get(0));
  }

  @Test
  void anExistingLogFileOthersCanReadKeepsItsModeAndSaysSoOnce() throws Exception {
    Path file = Files.createFile(dir.resolve("aegis.log"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    AegisLog log = AegisLog.create(AegisLog.Level.INFO, file.toString());
    log.info("started");
    log.info("again");
    assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(file));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertEquals(3, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("WARN the log file " + file + " can be read or written by other users"
        + " (rw-r--r--); its mode is left as it is (chmod 600 keeps it to its owner)"), lines.get(0));
  }

  @Test
  void aLineLoggedFromAnInterruptedThreadDoesNotCloseTheFile() throws Exception {
    Path file = dir.resolve("aegis.log");
    AegisLog log = AegisLog.create(AegisLog.Level.INFO, file.toString());
    Thread.currentThread().interrupt();
    try {
      log.info("while interrupted");
    } finally {
      Thread.interrupted();
    }
    log.info("after");
    assertEquals(2, Files.readAllLines(file, StandardCharsets.UTF_8).size());
  }
}
