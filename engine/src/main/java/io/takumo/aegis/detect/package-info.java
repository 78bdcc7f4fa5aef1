/**
 * Finding secrets in text: the detector itself.
 *
 * <p>A {@link io.takumo.aegis.detect.SecretDetector} runs a list of {@link
 * io.takumo.aegis.detect.Rule}s and reports {@link io.takumo.aegis.detect.Finding}s. One pass of
 * a keyword automaton ({@link io.takumo.aegis.detect.KeywordScanner}) over the text tells which
 * rules can match at all, and where ({@link io.takumo.aegis.detect.KeywordOccurrences}); only
 * those rules run. A {@link io.takumo.aegis.detect.KeywordGated} rule's occurrences first pass a
 * cheap test as the automaton reports them. Rules may report overlapping candidates; the detector
 * keeps, among overlapping ones, the finding of the most {@link
 * io.takumo.aegis.detect.Specificity specific} rule, then the longest.
 *
 * <p>The rest lives in three subpackages, each depending only on the ones before it:
 *
 * <ul>
 *   <li>{@code heuristic}: tests on candidate values and names, with no notion of a rule: entropy,
 *       checksums, {@code SpanCheck}s, and the checks that tell secrets from placeholders,
 *       references and code ({@code PlausibleValue}, {@code CodeValue}, {@code IdentifierValue},
 *       {@code NonCredentialName}) and the shapes of names and values ({@code AssignmentName},
 *       {@code BareValue}, {@code XmlNamedValue}).
 *   <li>{@code rule}: the kinds of rule: {@code RegexRule} (an RE2/J regex, linear on any input,
 *       with optional entropy and span checks), {@code GatedRule} (a regex behind a Java gate),
 *       {@code PemPrivateKeyRule}, {@code SentenceRule}, and the generic assignment rules ({@code
 *       AssignmentRules}, matched by hand by {@code AssignmentMatcher}).
 *   <li>{@code catalogue}: which rules run by default ({@code BuiltinRules}, listed in {@code
 *       docs/detection-rules.md}): provider key formats grouped by kind of provider, credentials in
 *       generic formats, and the provider catalogue read from {@code catalogue.txt}.
 * </ul>
 *
 * <p>{@code SecretDetector} reaches into them only for its defaults: {@link
 * io.takumo.aegis.detect.SecretDetector#withBuiltinRules()} and the whole named values of {@link
 * io.takumo.aegis.detect.SecretDetector#findNamed}.
 */
package io.takumo.aegis.detect;
