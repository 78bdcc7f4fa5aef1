package io.takumo.aegis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's configuration table lists every setting, with its names and default, and no other. */
class ReadmeConfigurationTableTest {

  @Test
  void everySettingHasItsRow() throws Exception {
    List<String> rows = Files.readAllLines(Path.of("..", "README.md")).stream()
        .filter(line -> line.startsWith("| `"))
        .filter(line -> line.contains("| `takumo.aegis."))
        .collect(Collectors.toList());
    assertEquals(Setting.values().length, rows.size(), "rows in the configuration table");
    for (Setting setting : Setting.values()) {
      String row = rows.stream().filter(r -> r.startsWith("| `" + setting.key() + "` |")).findFirst()
          .orElseThrow(() -> new AssertionError("no README row for " + setting.key()));
      assertTrue(row.contains("`" + setting.systemProperty() + "`"), row);
      assertTrue(row.contains("`" + setting.environmentVariable() + "`"), row);
      if (!setting.defaultValue().isEmpty()) {
        assertTrue(row.contains("`" + setting.defaultValue() + "`"), "default of " + setting.key() + " in: " + row);
      }
    }
  }
}
