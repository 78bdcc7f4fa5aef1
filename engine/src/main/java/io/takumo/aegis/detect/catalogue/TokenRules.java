package io.takumo.aegis.detect.catalogue;

import io.takumo.aegis.detect.Specificity;
import io.takumo.aegis.detect.heuristic.SpanCheck;
import io.takumo.aegis.detect.rule.AssignmentRules;
import io.takumo.aegis.detect.rule.RegexRule;


/**
 * The two shapes most built-in rules take, so that each rule is one line of facts: a token that
 * starts with a fixed prefix ({@code glpat-…}), and a value whose shape is too plain to stand
 * alone ({@code [a-f0-9]{32}}) and so counts only right after a telling name ({@code
 * DD_API_KEY=…}).
 */
final class TokenRules {

  /**
   * How far past its keyword a token is looked for: far beyond the longest real format, since a
   * match that reaches the window's end is dropped as of unknown extent.
   */
  static final int TOKEN_WINDOW = 1024;

  /** Random tokens have more bits per char than this; placeholders such as {@code xxxx} fewer. */
  static final double TOKEN_ENTROPY = 3.0;

  /** The chars besides letters, digits and {@code _} that {@link #STANDALONE} counts as token chars. */
  static final String STANDALONE_CHARS = "-";

  /** Tokens that may contain {@code -}: a longer run of such chars is some other string. */
  static final SpanCheck STANDALONE = SpanCheck.standalone(STANDALONE_CHARS);

  /** Documentation keys (AWS's, Stripe's…) say so; none is worth a token. */
  static final SpanCheck NOT_AN_EXAMPLE = SpanCheck.notContaining("EXAMPLE");

  private TokenRules() {}

  /**
   * A token that starts with one of {@code prefixes}, case and all, and then matches {@code
   * regex} (which includes the prefix), standing alone and random enough. A rule that replaces
   * the check sets its {@link RegexRule.Builder#standaloneStart} again.
   */
  static RegexRule.Builder prefixed(String id, String hint, String regex, String... prefixes) {
    return RegexRule.builder(id, hint)
        .pattern(regex)
        .exactCaseKeywords(prefixes)
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(TOKEN_ENTROPY)
        .check(STANDALONE.and(NOT_AN_EXAMPLE))
        .standaloneStart(STANDALONE_CHARS);
  }

  /**
   * A value matching {@code value} (no capture groups) right after a name matching {@code name}
   * (matched ignoring case; it must start with one of {@code keywords}), across any of the
   * separators of {@link AssignmentRules#SEPARATOR} and an optional quote: {@code
   * MISTRAL_API_KEY=…}, {@code "mistral_api_key": "…"}, {@code mistral.api-key: '…'}.
   */
  static RegexRule.Builder named(
      String id, String hint, String name, String value, String... keywords) {
    return RegexRule.builder(id, hint)
        .specificity(Specificity.CONTEXTUAL)
        .pattern(
            "(?i:" + name + ")" + AssignmentRules.SEPARATOR + "(?:\\\\?[\"'`])?(" + value + ")")
        .secretGroups(1)
        .keywords(keywords)
        .keywordWindow(0, TOKEN_WINDOW)
        .minEntropy(TOKEN_ENTROPY)
        .check(STANDALONE.and(NOT_AN_EXAMPLE));
  }
}
