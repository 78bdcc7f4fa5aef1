package io.takumo.aegis.detect.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.Specificity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/detection-rules.md} in step with {@link BuiltinRules}: ids, keywords, hints;
 * and its catalogue section exactly as generated from {@code catalogue.txt}.
 */
class DetectionRulesDocTest {

  private static final Path DOC = Paths.get("..", "docs", "detection-rules.md");

  static final String BEGIN =
      "<!-- Generated from engine/src/main/resources/io/takumo/aegis/detect/catalogue/catalogue.txt:"
          + " do not edit; see DetectionRulesDocTest -->";
  static final String END = "<!-- End of the generated catalogue -->";

  static final String REGENERATE =
      "mvn -o -B -pl engine test -Dtest=DetectionRulesDocTest -Daegis.regenerateDocs=true";

  @Test
  void theTableListsEveryRuleWithItsKeywordsAndHint() throws Exception {
    List<String> documented = new ArrayList<>();
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (line.startsWith("| `")) {
        String[] cells = line.split("\\|");
        documented.add(
            String.join(
                " / ", cells[1].trim().replace("`", ""), cells[3].trim(), cells[4].trim()));
      }
    }
    List<String> actual = new ArrayList<>();
    for (Rule rule : BuiltinRules.all()) {
      actual.add(String.join(" / ", rule.id(), keywords(rule), rule.hint()));
    }
    assertEquals(String.join("\n", actual), String.join("\n", documented));
  }

  /** With {@code -Daegis.regenerateDocs=true}, writes the section instead of checking it. */
  @Test
  void theCatalogueSectionIsWhatGenerationGives() throws Exception {
    String doc = new String(Files.readAllBytes(DOC), StandardCharsets.UTF_8);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    String expected = catalogueSection();
    if (Boolean.getBoolean("aegis.regenerateDocs")) {
      String updated = begin < 0
          ? doc + "\n" + expected
          : doc.substring(0, begin) + expected + doc.substring(end + END.length() + 1);
      Files.write(DOC, updated.getBytes(StandardCharsets.UTF_8));
      return;
    }
    String actual = begin < 0 || end < begin ? "" : doc.substring(begin, end + END.length() + 1);
    assertEquals(expected, actual, "docs/detection-rules.md is out of date; regenerate: " + REGENERATE);
  }

  /** The generated section: the catalogue's rules, as a table like the one above it. */
  static String catalogueSection() {
    StringBuilder out = new StringBuilder(BEGIN).append('\n');
    List<Rule> rules = CatalogueRules.rules();
    long named = CatalogueRules.entries().stream()
        .filter(e -> e.kind == CatalogueRules.Kind.NAMED)
        .count();
    out.append("## Provider catalogue\n\n")
        .append(rules.size())
        .append(" rules, one line each in `catalogue.txt` (")
        .append(rules.size() - named)
        .append(" formats with a prefix or marker, ")
        .append(named)
        .append(" keyword-proximity rules for keys without one). A format rule matches the token")
        .append(" standing alone; a context rule matches a value of the provider's shape assigned")
        .append(" to a name that holds the provider's name and a credential word (`key`, `token`,")
        .append(" `secret`, `password`, `pat`, `auth`, `credential`, `sid`) within a few chars,")
        .append(" as in `ALGOLIA_ADMIN_KEY=…` or `sentry auth token: …`. Each line also holds a")
        .append(" synthetic sample and a look-alike that the tests check. Regenerate this section")
        .append(" with `")
        .append(REGENERATE)
        .append("`.\n\n")
        .append("| Rule id | Matches | Keywords | Hint | Kind |\n")
        .append("|---|---|---|---|---|\n");
    for (Rule rule : rules) {
      assertFalse(rule.description().contains("|"), rule.id());
      out.append("| `").append(rule.id()).append("` | ").append(rule.description())
          .append(" | ").append(keywords(rule)).append(" | ").append(rule.hint()).append(" | ")
          .append(rule.specificity() == Specificity.PROVIDER ? "format" : "context")
          .append(" |\n");
    }
    return out.append(END).append('\n').toString();
  }

  private static String keywords(Rule rule) {
    List<String> keywords = new ArrayList<>();
    for (String keyword : rule.keywords()) {
      keywords.add("`" + keyword + "`");
    }
    return String.join(", ", keywords);
  }
}
