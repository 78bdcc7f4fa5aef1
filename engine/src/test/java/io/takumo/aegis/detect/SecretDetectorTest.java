package io.takumo.aegis.detect;

import static io.takumo.aegis.detect.Detect.found;
import static io.takumo.aegis.detect.Detect.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.takumo.aegis.detect.catalogue.BuiltinRules;
import io.takumo.aegis.detect.rule.GatedRule;
import io.takumo.aegis.detect.rule.RegexRule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SecretDetectorTest {

  private final FakeSecrets fake = new FakeSecrets();

  /** A rule that reports fixed spans, to test resolution apart from any regex. */
  private static Rule fixed(String id, Specificity specificity, int... spans) {
    return new Rule() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String hint() {
        return "tst";
      }

      @Override
      public Specificity specificity() {
        return specificity;
      }

      @Override
      public List<String> keywords() {
        return List.of();
      }

      @Override
      public void findIn(CharSequence text, List<Finding> out) {
        for (int i = 0; i < spans.length; i += 2) {
          out.add(new Finding(spans[i], spans[i + 1], id, "tst"));
        }
      }
    };
  }

  private static List<String> ids(List<Finding> findings) {
    List<String> ids = new ArrayList<>();
    for (Finding f : findings) {
      ids.add(f.ruleId() + "@" + f.start() + "-" + f.end());
    }
    return ids;
  }

  private static final String TEXT = "0123456789012345678901234567890123456789";

  private static Rule gated(String id, String regex, Specificity specificity, KeywordGated.Gate gate) {
    return new GatedRule(
        RegexRule.builder(id, "tst")
            .specificity(specificity)
            .pattern(regex)
            .secretGroups(1)
            .keywords("alpha")
            .keywordWindow(0, 64)
            .build(),
        gate);
  }

  /**
   * Rules that share one gate object have a keyword occurrence tested once; each still gets the
   * occurrences that pass it, and a rule with another gate on the same keyword gets its own answer.
   */
  @Test
  void rulesSharingAGateEachGetTheOccurrencesThatPassIt() {
    KeywordGated.Gate equalsAfter =
        (text, start, end) -> end < text.length() && text.charAt(end) == '=';
    KeywordGated.Gate never = (text, start, end) -> false;
    SecretDetector d =
        new SecretDetector(
            List.of(
                gated("letters", "alpha=([a-z]{6})", Specificity.GENERIC, equalsAfter),
                gated("any-three", "alpha.([a-z0-9]{3})", Specificity.PROVIDER, never),
                gated("digits", "alpha=([0-9]{6})", Specificity.GENERIC, equalsAfter)));
    assertEquals(
        List.of("letters@6-12", "digits@19-25"),
        ids(d.find("alpha=abcdef alpha=123456 alpha:ghijkl")));
  }

  @Test
  void specificBeatsGenericEvenWhenShorter() {
    SecretDetector d =
        new SecretDetector(
            List.of(
                fixed("generic", Specificity.GENERIC, 0, 20),
                fixed("provider", Specificity.PROVIDER, 5, 10)));
    assertEquals(List.of("provider@5-10"), ids(d.find(TEXT)));
  }

  @Test
  void contextualSitsBetweenGenericAndProvider() {
    SecretDetector d =
        new SecretDetector(
            List.of(
                fixed("generic", Specificity.GENERIC, 0, 10),
                fixed("contextual", Specificity.CONTEXTUAL, 5, 15),
                fixed("provider", Specificity.PROVIDER, 12, 20)));
    assertEquals(List.of("generic@0-10", "provider@12-20"), ids(d.find(TEXT)));
  }

  @Test
  void longerWinsBetweenEquallySpecific() {
    SecretDetector d =
        new SecretDetector(
            List.of(
                fixed("short", Specificity.PROVIDER, 2, 6),
                fixed("long", Specificity.PROVIDER, 4, 14)));
    assertEquals(List.of("long@4-14"), ids(d.find(TEXT)));
  }

  @Test
  void sameSpanSameSpecificityGoesToTheRuleListedFirst() {
    SecretDetector d =
        new SecretDetector(
            List.of(
                fixed("first", Specificity.GENERIC, 3, 9),
                fixed("second", Specificity.GENERIC, 3, 9)));
    assertEquals(List.of("first@3-9"), ids(d.find(TEXT)));
  }

  @Test
  void nonOverlappingFindingsAreAllKeptAndSorted() {
    SecretDetector d =
        new SecretDetector(
            List.of(
                fixed("b", Specificity.GENERIC, 20, 25, 0, 4),
                fixed("a", Specificity.PROVIDER, 10, 15, 4, 8)));
    assertEquals(List.of("b@0-4", "a@4-8", "a@10-15", "b@20-25"), ids(d.find(TEXT)));
  }

  @Test
  void providerKeyAssignedToSecretNameIsReportedAsTheProviderKey() {
    String key = fake.openAiProjectKey();
    assertEquals(List.of(hit("openai-api-key", key)), found("OPENAI_API_KEY=" + key));
    assertEquals(List.of(hit("openai-api-key", key)), found("{\"api_key\": \"" + key + "\"}"));
  }

  @Test
  void awsSecretAssignedToGenericNameIsReportedAsAws() {
    String secret = fake.awsSecretAccessKey();
    assertEquals(List.of(hit("aws-secret-access-key", secret)), found("AWS_SECRET_KEY=" + secret));
  }

  @Test
  void passwordThatIsAKeyInAUrl() {
    String key = fake.stripeKey("sk_live_");
    assertEquals(
        List.of(hit("stripe-secret-key", key)), found("https://api:" + key + "@api.stripe.com/"));
  }

  @Test
  void rulesWhoseKeywordsAreAbsentDoNotRun() {
    Rule exploding =
        RegexRule.builder("needs-keyword", "tst")
            .pattern("x")
            .keywords("magic")
            .check(
                (text, start, end) -> {
                  throw new AssertionError("rule ran without its keyword");
                })
            .build();
    SecretDetector d = new SecretDetector(List.of(exploding));
    assertEquals(List.of(), d.find("xxx without the word"));
    assertThrows(AssertionError.class, () -> d.find("xxx with MAGIC"));
  }

  @Test
  void duplicateRuleIdsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new SecretDetector(
                List.of(fixed("same", Specificity.GENERIC), fixed("same", Specificity.GENERIC))));
  }

  @Test
  void builtinRulesHaveUniqueIdsAndValidHints() {
    Set<String> ids = new HashSet<>();
    for (Rule rule : BuiltinRules.all()) {
      assertTrue(ids.add(rule.id()), rule.id());
      assertTrue(rule.hint().matches("[a-z0-9]{2,4}"), rule.id());
    }
  }

  @Test
  void emptyTextAndCleanText() {
    assertEquals(List.of(), found(""));
    assertEquals(List.of(), found("Explain the difference between a mutex and a semaphore."));
  }

  @Test
  void findingsNeverShowTheSecret() {
    String key = fake.openAiProjectKey();
    List<Finding> findings = Detect.BUILTIN.find("k=" + key);
    assertEquals(1, findings.size());
    assertTrue(!findings.get(0).toString().contains(key.substring(10, 30)));
  }

  @Test
  void sharedDetectorIsSafeAcrossThreads() throws Exception {
    List<String> texts = new ArrayList<>();
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String text =
          "password=Pw-"
              + i
              + "-x9Lq\ntoken "
              + fake.gitHubToken("ghp_")
              + "\n"
              + fake.anthropicKey();
      texts.add(text);
      expected.add(found(text));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int round = 0; round < 50; round++) {
                    for (int i = 0; i < texts.size(); i++) {
                      if (!found(texts.get(i)).equals(expected.get(i))) {
                        return false;
                      }
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertTrue(r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
