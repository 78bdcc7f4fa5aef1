/**
 * Value heuristics: tests on a candidate secret or the name it is assigned to, shared by the rules
 * of {@code io.takumo.aegis.detect.rule} and {@code io.takumo.aegis.detect.catalogue}. {@link
 * io.takumo.aegis.detect.heuristic.SpanCheck}s such as {@link
 * io.takumo.aegis.detect.heuristic.Base62Crc32Checksum} verify a span; {@link
 * io.takumo.aegis.detect.heuristic.Entropy} measures one; {@link
 * io.takumo.aegis.detect.heuristic.PlausibleValue}, {@link
 * io.takumo.aegis.detect.heuristic.CodeValue}, {@link
 * io.takumo.aegis.detect.heuristic.IdentifierValue} and {@link
 * io.takumo.aegis.detect.heuristic.NonCredentialName} tell secrets from placeholders, references,
 * code and public values; {@link io.takumo.aegis.detect.heuristic.AssignmentName}, {@link
 * io.takumo.aegis.detect.heuristic.BareValue} and {@link
 * io.takumo.aegis.detect.heuristic.XmlNamedValue} read the shape of a name and of its value.
 * Nothing here knows about rules or the detector.
 */
package io.takumo.aegis.detect.heuristic;
