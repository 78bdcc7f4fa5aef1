package io.takumo.aegis.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps {@code docs/detection-rules.md} in step with {@link BuiltinRules}: ids, keywords, hints. */
class DetectionRulesDocTest {

  @Test
  void theTableListsEveryRuleWithItsKeywordsAndHint() throws Exception {
    Path doc = Paths.get("..", "docs", "detection-rules.md");
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        documented.add(
            String.join(
                " / ", cells[1].trim().replace("`", ""), cells[3].trim(), cells[4].trim()));
      }
    }
    List<String> actual = new ArrayList<>();
    for (Rule rule : BuiltinRules.all()) {
      List<String> keywords = new ArrayList<>();
      for (String keyword : rule.keywords()) {
        keywords.add("`" + keyword + "`");
      }
      actual.add(String.join(" / ", rule.id(), String.join(", ", keywords), rule.hint()));
    }
    assertEquals(String.join("\n", actual), String.join("\n", documented));
  }
}
