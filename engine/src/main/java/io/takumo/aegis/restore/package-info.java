/**
 * Restores, in the response bodies the app reads, the secrets that were replaced by tokens in the
 * requests.
 *
 * <p>Entry points: {@link io.takumo.aegis.restore.ResponseRestorers#forContentType} picks a
 * push-style {@link io.takumo.aegis.restore.ResponseRestorer} for a body (event stream, JSON, other
 * text, or none for binary), and {@link io.takumo.aegis.restore.RestoringInputStream} reads a body
 * through one.
 *
 * <p>Layers, from the inside out:
 *
 * <ul>
 *   <li>{@code TextRestorer}: tokens in one text that arrives in pieces, holding back only a
 *       trailing partial token; if the text is itself JSON ({@code InnerJson}), secrets inside its
 *       string literals go in JSON-escaped.
 *   <li>{@code io.takumo.aegis.json}: a strict parser that keeps every value's byte span, so
 *       that only the string literals that change are re-encoded, and the byte edits that do it
 *       (shared with the request rewriter).
 *   <li>{@link io.takumo.aegis.restore.JsonRestorer}: every string of a whole document.
 *   <li>{@link io.takumo.aegis.restore.SseRestorer}: event stream framing; per event, the provider
 *       planners ({@code ChatCompletionsEvents}, {@code ResponsesEvents}, {@code AnthropicEvents},
 *       {@code GeminiEvents}) name the delta fields, which run through one {@code TextRestorer}
 *       per stream, and the events that end streams; a text still held when its stream ends is
 *       released in a synthetic copy of the stream's last delta event.
 * </ul>
 *
 * <p>Every token is looked up through a {@link io.takumo.aegis.vault.Revealer}: in the agent, the
 * exchange's restore scope ({@code io.takumo.aegis.scope}), which reveals only the tokens that
 * exchange's own request produced.
 *
 * <p>Nothing here logs, and no exception message carries a secret or any body content.
 */
package io.takumo.aegis.restore;
