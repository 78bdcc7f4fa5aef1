/**
 * Finding secrets in text.
 *
 * <p>A {@link io.takumo.aegis.detect.SecretDetector} runs a list of {@link
 * io.takumo.aegis.detect.Rule}s. One pass of a keyword automaton over the text tells which rules
 * can match at all; only those run. Most rules are {@link io.takumo.aegis.detect.RegexRule}s: an
 * RE2/J regex (linear on any input), the capture group that holds the secret, and optional entropy
 * and {@link io.takumo.aegis.detect.SpanCheck} filters such as a checksum. Rules may report
 * overlapping candidates; the detector keeps, among overlapping ones, the finding of the most
 * {@link io.takumo.aegis.detect.Specificity specific} rule, then the longest.
 *
 * <p>{@link io.takumo.aegis.detect.BuiltinRules} holds the default rules (listed in {@code
 * docs/detection-rules.md}): provider key formats, grouped by kind of provider ({@code
 * AiProviderRules}, {@code CloudRules}, {@code CodeHostingRules}, {@code SaasRules}), PEM private
 * keys, credentials in generic formats ({@code CredentialRules}), and values assigned to
 * secret-sounding names ({@code AssignmentRules}). Rules whose keywords are common words first pass
 * each keyword occurrence through a cheap Java test ({@code GatedRule}), since every regex run has
 * a fixed cost. The generic assignment rules, whose keywords ({@code token}, {@code auth}, {@code
 * pass}) fill ordinary code, use no regex at all: {@code AssignmentMatcher} walks name, separator
 * and value by hand, and {@code PlausibleValue} and {@code CodeValue} tell secrets from
 * placeholders, references and code.
 */
package io.takumo.aegis.detect;
