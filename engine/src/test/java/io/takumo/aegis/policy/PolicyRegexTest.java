package io.takumo.aegis.policy;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyRegexTest {

  @Test
  void regexesThatCanMatchNothingAreFound() {
    for (String regex : List.of("", ".*", "a*", "a?", "a|", "|a", "(?:x)?", "[a-z]{0,3}", "^", "$", "^$", "(?m)^", "(?m)$",
        "\\A", "\\z", "\\b", "\\B", "\\b\\w*", "a|\\b", "(?s).*?", "(a|b)*")) {
      assertTrue(PolicyRegex.matchesEmpty(Pattern.compile(regex)), regex);
    }
  }

  @Test
  void regexesThatMatchAtLeastOneCharacterPass() {
    for (String regex : List.of("a", ".", "x+", "^dummy_", "\\bkey\\b", "acme_[A-Za-z0-9]{32}", "(?i)secret$", "a*b",
        "\\b\\w+", "[\\s\\S]", "^ok_", "(a|b)+")) {
      assertFalse(PolicyRegex.matchesEmpty(Pattern.compile(regex)), regex);
    }
  }
}
