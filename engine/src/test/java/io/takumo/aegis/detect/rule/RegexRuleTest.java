package io.takumo.aegis.detect.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.takumo.aegis.detect.Finding;
import io.takumo.aegis.detect.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegexRuleTest {

  private static List<String> spans(Rule rule, String text) {
    List<Finding> out = new ArrayList<>();
    rule.findIn(text, out);
    List<String> spans = new ArrayList<>();
    for (Finding f : out) {
      spans.add(text.substring(f.start(), f.end()));
    }
    return spans;
  }

  @Test
  void wholeMatchByDefault() {
    RegexRule rule = RegexRule.builder("digits", "dg").pattern("[0-9]{4}").build();
    assertEquals(List.of("1234", "5678"), spans(rule, "a1234b5678"));
  }

  @Test
  void secretIsTheCaptureGroup() {
    RegexRule rule =
        RegexRule.builder("pin", "pin").pattern("pin=([0-9]+)").secretGroups(1).build();
    assertEquals(List.of("4711"), spans(rule, "user=bob pin=4711"));
  }

  @Test
  void firstParticipatingGroupOfSeveral() {
    RegexRule rule =
        RegexRule.builder("v", "v1")
            .pattern("v=(?:\"([^\"]*)\"|([a-z]+))")
            .secretGroups(1, 2)
            .build();
    assertEquals(List.of("quoted text", "bare"), spans(rule, "v=\"quoted text\" v=bare"));
  }

  @Test
  void matchesWithAnEmptySecretAreSkipped() {
    RegexRule rule = RegexRule.builder("v", "v1").pattern("v=([a-z]*)").secretGroups(1).build();
    assertEquals(List.of("ok"), spans(rule, "v= v=ok"));
  }

  @Test
  void minimumEntropy() {
    RegexRule rule = RegexRule.builder("w", "w1").pattern("[a-z]{8}").minEntropy(2.5).build();
    assertEquals(List.of("qwertyui"), spans(rule, "aaaaaaaa abababab qwertyui"));
  }

  @Test
  void checkRejectsSpans() {
    RegexRule rule =
        RegexRule.builder("w", "w1")
            .pattern("[a-z]+")
            .check((text, start, end) -> text.charAt(start) != 'x')
            .build();
    assertEquals(List.of("abc", "def"), spans(rule, "abc xyz def"));
  }

  @Test
  void findingsCarryIdAndHint() {
    RegexRule rule = RegexRule.builder("my-rule", "mine").pattern("s3cr3t").build();
    List<Finding> out = new ArrayList<>();
    rule.findIn("a s3cr3t", out);
    assertEquals("my-rule", out.get(0).ruleId());
    assertEquals("mine", out.get(0).hint());
    assertEquals(2, out.get(0).start());
    assertEquals(8, out.get(0).end());
  }

  @Test
  void keywordsAreKeptInLowerCase() {
    RegexRule rule = RegexRule.builder("k", "k1").pattern("x").keywords("AKIA", "Sk-").build();
    assertEquals(List.of("akia", "sk-"), rule.keywords());
  }

  @Test
  void keywordWindowFindsWhatTheWholeTextScanFinds() {
    String regex = "\\bkey=([a-z0-9]+)";
    RegexRule everywhere =
        RegexRule.builder("w", "w1").pattern(regex).secretGroups(1).keywords("key").build();
    RegexRule windowed =
        RegexRule.builder("w", "w1")
            .pattern(regex)
            .secretGroups(1)
            .keywords("key")
            .keywordWindow(1, 20)
            .build();
    String filler = "lorem ipsum ".repeat(10);
    String text =
        "key=first " + filler + "monkey=no key=second key=third " + filler + "KEY=upper key=last";
    assertEquals(List.of("first", "second", "third", "last"), spans(everywhere, text));
    assertEquals(spans(everywhere, text), spans(windowed, text));
  }

  /** A whole-match secret that starts a variable distance before its keyword starts there. */
  @Test
  void wholeMatchBeforeItsKeywordDoesNotTakeTheSkippedChars() {
    RegexRule rule =
        RegexRule.builder("w", "w1")
            .pattern("[0-9]{2,6}:ab[a-z]{3}")
            .exactCaseKeywords(":ab")
            .keywordWindow(6, 8)
            .build();
    assertEquals(List.of("12:abxyz", "123456:abcde"), spans(rule, "id 12:abxyz and 123456:abcde"));
  }

  @Test
  void matchCutByItsKeywordWindowIsDropped() {
    RegexRule rule =
        RegexRule.builder("w", "w1")
            .pattern("key=([a-z]+)")
            .secretGroups(1)
            .keywords("key")
            .keywordWindow(0, 10)
            .build();
    assertEquals(List.of("short"), spans(rule, "key=short key=waytoolongforthewindow"));
    assertEquals(List.of("endoftext"), spans(rule, "key=endoftext"));
  }

  @Test
  void invalidDefinitionsFailWhenBuilt() {
    assertThrows(IllegalArgumentException.class, () -> RegexRule.builder("h", "TOOLONG"));
    assertThrows(IllegalArgumentException.class, () -> RegexRule.builder("", "ok"));
    assertThrows(
        IllegalStateException.class,
        () -> RegexRule.builder("g", "ok").pattern("(a)").secretGroups(2).build());
    assertThrows(IllegalStateException.class, () -> RegexRule.builder("p", "ok").build());
    assertThrows(
        IllegalStateException.class,
        () -> RegexRule.builder("w", "ok").pattern("a").keywordWindow(1, 1).build());
    assertThrows(RuntimeException.class, () -> RegexRule.builder("bad", "ok").pattern("(a"));
  }

  @Test
  void lookaroundIsRejectedBecauseRe2HasNone() {
    assertThrows(RuntimeException.class, () -> RegexRule.builder("la", "ok").pattern("a(?=b)"));
  }
}
