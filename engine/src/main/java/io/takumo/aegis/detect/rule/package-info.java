/**
 * The kinds of rule a detector runs. {@link io.takumo.aegis.detect.rule.RegexRule}: an RE2/J
 * regex, the capture group that holds the secret, optional entropy and span checks, optionally
 * anchored at keyword occurrences. {@link io.takumo.aegis.detect.rule.GatedRule}: a regex rule
 * whose keywords are common words, behind a cheap Java test of each occurrence, since every regex
 * run has a fixed cost. {@link io.takumo.aegis.detect.rule.PemPrivateKeyRule} and {@link
 * io.takumo.aegis.detect.rule.SentenceRule}: private keys in PEM armour and secrets told in
 * prose. {@link io.takumo.aegis.detect.rule.AssignmentRules}: values assigned to secret-sounding
 * names, whose keywords ({@code token}, {@code auth}, {@code pass}) fill ordinary code, so matched
 * by hand without a regex ({@link io.takumo.aegis.detect.rule.AssignmentMatcher}); {@link
 * io.takumo.aegis.detect.rule.AssignedValue} and {@link
 * io.takumo.aegis.detect.rule.ExtraNameRule} take a whole value whose name is known apart from it.
 */
package io.takumo.aegis.detect.rule;
