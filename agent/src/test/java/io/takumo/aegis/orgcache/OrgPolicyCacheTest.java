package io.takumo.aegis.orgcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.log.AegisLog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrgPolicyCacheTest {

  private static final String URL = "https://gateway.example/v1";
  private static final String KEY = "tk_live_cache_test_abcdefghijklmnop";

  @TempDir Path dir;

  private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
  private final AegisLog log = new AegisLog(AegisLog.Level.DEBUG, new PrintStream(logged, true));
  private final Map<String, Object> policy =
      Map.of("rules", List.of(Map.of("id", "acme-internal-token", "regex", "ACME-[0-9a-f]{24}")), "generic-names", List.of("passcode"));

  private List<String> lines() {
    return logged.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void aSavedPolicyLoadsBackOnlyForTheSameGatewayAndKey() throws Exception {
    Path nested = dir.resolve("a").resolve("cache");
    OrgPolicyCache cache = OrgPolicyCache.of(nested, URL, KEY, log);
    assertNull(cache.load(), "nothing cached yet, nothing said");
    cache.save(policy);
    assertEquals(policy, OrgPolicyCache.of(nested, URL, KEY, log).load());
    if (nested.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals(PosixFilePermissions.fromString("rwx------"), Files.getPosixFilePermissions(nested));
      assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(cache.file()));
    }
    assertNotEquals(cache.file(), OrgPolicyCache.of(nested, URL, KEY + "x", log).file(), "another key, another file");
    assertNotEquals(cache.file(), OrgPolicyCache.of(nested, URL + "/", KEY, log).file(), "another gateway, another file");
    assertEquals(List.of(), lines());
  }

  @Test
  void aFileSealedForAnotherKeyOrAlteredDoesNotOpen() throws Exception {
    OrgPolicyCache mine = OrgPolicyCache.of(dir, URL, KEY, log);
    OrgPolicyCache other = OrgPolicyCache.of(dir, URL, "tk_live_someone_else_0000000000", log);
    other.save(policy);
    Files.copy(other.file(), mine.file());
    assertNull(mine.load());
    Files.write(mine.file(), "{\"rules\":[]}".getBytes(StandardCharsets.UTF_8));
    assertNull(mine.load(), "a plain JSON file written by someone without the key");
    Files.write(mine.file(), new byte[5]);
    assertNull(mine.load());
    assertEquals(3, lines().size(), lines().toString());
    for (String line : lines()) {
      assertTrue(line.endsWith("WARN org policy cache " + mine.file()
          + " is corrupt or was not written for this gateway URL and API key; ignored"), line);
    }
  }

  @Test
  void anOversizedFileIsNotReadAndAFailedWriteIsOneLine() throws Exception {
    OrgPolicyCache cache = OrgPolicyCache.of(dir, URL, KEY, log);
    Files.write(cache.file(), new byte[(int) OrgPolicyCache.MAX_BYTES + 1]);
    assertNull(cache.load());
    assertTrue(lines().get(0).endsWith("is over 1048576 bytes; ignored"), lines().get(0));

    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    OrgPolicyCache unwritable = OrgPolicyCache.of(notADirectory, URL, KEY, log);
    unwritable.save(policy);
    assertEquals(2, lines().size(), lines().toString());
    assertTrue(lines().get(1).contains("WARN could not write the org policy cache " + unwritable.file()), lines().get(1));
    assertFalse(String.join("\n", lines()).contains(KEY));
  }
}
