/**
 * The rule catalogue: which rules run by default. {@link
 * io.takumo.aegis.detect.catalogue.BuiltinRules} lists them (and {@code docs/detection-rules.md}
 * after it): provider key formats grouped by kind of provider ({@code AiProviderRules}, {@code
 * CloudRules}, {@code CodeHostingRules}, {@code SaasRules}, most built from the two shapes of
 * {@code TokenRules}), credentials in generic formats ({@code CredentialRules}), the generic
 * assignment and sentence rules, and the provider catalogue ({@code CatalogueRules}): hundreds of
 * formats kept one line each in {@code catalogue.txt}, each a lazily compiled {@code
 * CatalogueRule}.
 */
package io.takumo.aegis.detect.catalogue;
