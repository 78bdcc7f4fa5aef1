/**
 * Editing JSON text in place, for both directions: {@link io.takumo.aegis.json.ByteEdits} replaces
 * byte spans of a document in one copy, and {@link io.takumo.aegis.json.JsonStrings} encodes and
 * decodes string literals. The request rewriter finds its spans with Jackson's streaming parser;
 * the response restorers with {@link io.takumo.aegis.json.JsonParser}, a strict parser that keeps
 * every value's byte span ({@link io.takumo.aegis.json.JsonValue}). Why two parsers, and the
 * measurements that chose each primitive: BENCHMARKS.md, "One JSON stack"; what each direction
 * accepts: {@code docs/json-bodies.md}.
 */
package io.takumo.aegis.json;
