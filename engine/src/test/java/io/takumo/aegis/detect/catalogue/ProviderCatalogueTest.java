package io.takumo.aegis.detect.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.detect.Detect;
import io.takumo.aegis.detect.Rule;
import io.takumo.aegis.detect.SecretDetector;
import io.takumo.aegis.detect.rule.RegexRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The provider catalogue ({@code catalogue.txt}): each line's look-alike is not found, and the
 * keyword prefilter, its gates and windows never hide a match that the rule's regex, run over the
 * whole text, finds. ({@link CatalogueTest} finds each line's sample in its context.)
 */
class ProviderCatalogueTest {

  static Stream<CatalogueRules.Entry> entries() {
    return CatalogueRules.entries().stream();
  }

  @Test
  void thereAreAtLeastFourHundredBuiltinRules() {
    assertTrue(BuiltinRules.all().size() >= 400, BuiltinRules.all().size() + " rules");
  }

  @Test
  void everyLineIsDistinctAndBuildsARule() {
    Set<String> ids = new HashSet<>();
    for (CatalogueRules.Entry e : CatalogueRules.entries()) {
      assertTrue(ids.add(e.id), "duplicate " + e.id);
      assertTrue(e.context.contains("%s"), e.id);
      assertTrue(!e.description.isEmpty(), e.id);
      CatalogueRule.build(e); // compiles the regex
    }
  }

  @Test
  void noRegexIsCompiledUntilItsKeywordOccurs() {
    List<Rule> rules = CatalogueRules.rules();
    SecretDetector detector = new SecretDetector(rules);
    detector.find("nothing here but prose about keys, tokens and secrets");
    for (Rule rule : rules) {
      assertTrue(!((CatalogueRule) rule).isBuilt(), rule.id());
    }
    detector.find("NEON_API_KEY=napi_" + "x".repeat(64));
    assertTrue(((CatalogueRule) rules.get(indexOf(rules, "neon-api-key"))).isBuilt());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void lookAlikeIsNotFound(CatalogueRules.Entry e) {
    Random random = new Random(e.id.hashCode());
    for (int i = 0; i < 5; i++) {
      String text = e.context.replace("%s", SecretSamples.fill(random, e.lookAlike));
      for (String hit : Detect.found(text)) {
        assertTrue(!hit.startsWith(e.id + "="), text);
      }
    }
  }

  /**
   * Texts built around the rule's samples, look-alikes and keywords, in many surroundings: every
   * match the plain regex finds over the whole text, the detector finds with the rule. (It may
   * find more: it tries the regex at each keyword, where a plain scan resumes after a rejected
   * match, e.g. one glued to the next token.)
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void thePrefilterNeverHidesAMatch(CatalogueRules.Entry e) {
    CatalogueRule rule = new CatalogueRule(e);
    SecretDetector gated = new SecretDetector(List.of(rule));
    SecretDetector plain = new SecretDetector(List.of(plain(e)));
    Random random = new Random(e.id.hashCode() * 31L);
    int found = 0;
    for (int i = 0; i < 60; i++) {
      String text = text(e, random);
      List<String> expected = Detect.found(plain, text);
      List<String> missed = new ArrayList<>(expected);
      missed.removeAll(Detect.found(gated, text));
      assertEquals(List.of(), missed, text);
      found += expected.size();
    }
    assertTrue(found > 0, "the generated texts held no match");
  }

  /** The same regex and checks, with no keywords: run over the whole text. */
  private static RegexRule plain(CatalogueRules.Entry e) {
    return RegexRule.builder(e.id, e.hint)
        .pattern(CatalogueRule.pattern(e))
        .secretGroups(e.kind == CatalogueRules.Kind.NAMED ? 1 : 0)
        .minEntropy(TokenRules.TOKEN_ENTROPY)
        .check(TokenRules.STANDALONE.and(TokenRules.NOT_AN_EXAMPLE))
        .build();
  }

  private static final String[] GLUE = {
    " ", "\n", "\t", "=", ": ", "\"", "'", "`", "(", ")", ",", ";", "-", "_", "x", "Q7", "/", "\\n",
    "  =  ", "\":\"", "<", ">", "=\"", "\r\n", ".", "$", "{", "}"
  };

  private static String text(CatalogueRules.Entry e, Random random) {
    StringBuilder out = new StringBuilder();
    int parts = 2 + random.nextInt(6);
    for (int p = 0; p < parts; p++) {
      out.append(GLUE[random.nextInt(GLUE.length)]);
      switch (random.nextInt(7)) {
        case 0:
        case 1:
          out.append(e.context.replace("%s", SecretSamples.fill(random, e.sample)));
          break;
        case 2:
          out.append(SecretSamples.fill(random, e.sample));
          break;
        case 3:
          out.append(e.context.replace("%s", SecretSamples.fill(random, e.lookAlike)));
          break;
        case 4:
          out.append(e.exactKeywords.get(random.nextInt(e.exactKeywords.size())));
          break;
        case 5:
          // a sample cut short or run on
          String s = SecretSamples.fill(random, e.sample);
          out.append(s, 0, Math.max(1, random.nextInt(s.length() + 1)));
          break;
        default:
          out.append(SecretSamples.fill(random, "{U:" + random.nextInt(40) + "}"));
      }
    }
    return out.toString();
  }

  private static int indexOf(List<Rule> rules, String id) {
    List<String> ids = new ArrayList<>();
    rules.forEach(r -> ids.add(r.id()));
    return ids.indexOf(id);
  }
}
