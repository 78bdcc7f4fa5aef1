package io.takumo.aegis.policy;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Compiles the regexes of a policy (custom rules, allowlist regexes; policy file and org policy
 * alike). A regex that can match zero characters is refused: as an allowlist entry it would allow
 * every value (the empty string is found in any text), as a rule it would find empty "secrets"
 * everywhere. Messages name the rule or entry, never the pattern.
 */
final class PolicyRegex {

  /**
   * Texts that give every zero-width assertion RE2/J knows ({@code ^ $ \A \z \b \B}, multi-line
   * or not) a place to hold: text edges, line breaks, word and non-word characters side by side.
   */
  private static final String[] PROBES = {"", "a", " ", "\n", "a a\nb\n\n_ -+a"};

  private PolicyRegex() {}

  /**
   * @param where the rule or entry, e.g. {@code rule 'acme-key'} or {@code allowlist: regex 2}
   * @throws InvalidPolicyException if it does not compile or can match the empty string
   */
  static Pattern compile(String regex, String where) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new InvalidPolicyException(where + ": invalid regex: " + e.getDescription());
    }
    if (matchesEmpty(pattern)) {
      throw new InvalidPolicyException(
          where + ": the regex matches the empty string, so it would match everywhere; it must match at least one character");
    }
    return pattern;
  }

  /** Whether {@code pattern} finds a zero-length match in any probe text. */
  static boolean matchesEmpty(Pattern pattern) {
    for (String probe : PROBES) {
      Matcher m = pattern.matcher(probe);
      while (m.find()) {
        if (m.start() == m.end()) {
          return true;
        }
      }
    }
    return false;
  }
}
