package io.takumo.aegis.detect.catalogue;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.detect.Rule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One positive and several negative cases for every built-in rule, from {@link SecretSamples}. */
class CatalogueTest {

  static Stream<SecretSamples.Sample> samples() {
    return SecretSamples.ALL.values().stream();
  }

  static Stream<SecretSamples.Sample> standaloneSamples() {
    return samples().filter(s -> s.standalone);
  }

  private static Random random(SecretSamples.Sample sample) {
    return new Random(sample.ruleId.hashCode());
  }

  @Test
  void everyBuiltinRuleHasASampleAndThereAreAtLeastEighty() {
    Set<String> ids = new LinkedHashSet<>();
    for (Rule rule : BuiltinRules.all()) {
      ids.add(rule.id());
    }
    assertEquals(ids, SecretSamples.ALL.keySet());
    assertTrue(ids.size() >= 80, ids.size() + " rules");
  }

  @Test
  void everyRuleHasKeywordsSoCleanTextCostsOnlyThePrefilter() {
    for (Rule rule : BuiltinRules.all()) {
      assertFalse(rule.keywords().isEmpty(), rule.id());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void foundInItsUsualPlace(SecretSamples.Sample sample) {
    String secret = sample.make(random(sample));
    String text = sample.context.replace("%s", secret);
    assertEquals(List.of(hit(sample.ruleId, secret)), found(text));
    assertEquals(List.of(hit(sample.ruleId, secret)), found("line one\n" + text + "\nline three"));
  }

  /** The secret's prefix then a run of one char: the shape of a placeholder, not of a secret. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("standaloneSamples")
  void notFoundWhenItsRandomPartIsAPlaceholder(SecretSamples.Sample sample) {
    String secret = sample.make(random(sample));
    int keep = Math.min(secret.length() / 4, 12);
    String placeholder = secret.substring(0, keep) + "x".repeat(secret.length() - keep);
    assertNoneOf(sample.ruleId, sample.context.replace("%s", placeholder));
  }

  /** Inside a longer run of letters and digits, a key shape is part of some other string. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("standaloneSamples")
  void notFoundInsideALongerString(SecretSamples.Sample sample) {
    String secret = sample.make(random(sample));
    assertNoneOf(sample.ruleId, sample.context.replace("%s", "Q7" + secret));
  }

  @Test
  void checksumTokensWithABrokenChecksumAreNotTokens() {
    Random random = new Random(3);
    for (String prefix : List.of("ghp_", "gho_", "npm_")) {
      String token = SecretSamples.base62Token(random, prefix);
      char last = token.charAt(token.length() - 1);
      String broken = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
      assertEquals(List.of(), found("token " + broken + "\n"), prefix);
    }
  }

  private static void assertNoneOf(String ruleId, String text) {
    List<String> hits = new ArrayList<>();
    for (String hit : found(text)) {
      if (hit.startsWith(ruleId + "=")) {
        hits.add(hit);
      }
    }
    assertEquals(List.of(), hits, text);
  }
}
