package io.takumo.aegis.server.usage;

import io.takumo.aegis.server.provider.Provider;
import java.util.Map;

/**
 * Where each provider reports usage, as paths of object keys from the top of a JSON document (a
 * response body, or one SSE event's data). Within one document the input paths present are added,
 * and so are the output paths; across the events of a stream the largest value is kept, since
 * every provider reports running totals (OpenAI and the Responses API once, at the end;
 * Anthropic's {@code message_start} then cumulative {@code message_delta}s; Gemini on each chunk).
 */
final class UsageFields {
  enum Role { INPUT, OUTPUT, MODEL }

  private static final Map<Provider, Map<String, Role>> FIELDS = Map.of(
      Provider.OPENAI, Map.of(
          // Chat Completions and embeddings; Responses JSON; Responses stream (response.completed).
          "usage.prompt_tokens", Role.INPUT,
          "usage.completion_tokens", Role.OUTPUT,
          "usage.input_tokens", Role.INPUT,
          "usage.output_tokens", Role.OUTPUT,
          "response.usage.input_tokens", Role.INPUT,
          "response.usage.output_tokens", Role.OUTPUT,
          "model", Role.MODEL,
          "response.model", Role.MODEL),
      Provider.ANTHROPIC, Map.of(
          // Messages JSON and message_delta; message_start carries the message object.
          "usage.input_tokens", Role.INPUT,
          "usage.output_tokens", Role.OUTPUT,
          "message.usage.input_tokens", Role.INPUT,
          "message.usage.output_tokens", Role.OUTPUT,
          "model", Role.MODEL,
          "message.model", Role.MODEL),
      Provider.GEMINI, Map.of(
          // Thinking tokens are billed as output.
          "usageMetadata.promptTokenCount", Role.INPUT,
          "usageMetadata.candidatesTokenCount", Role.OUTPUT,
          "usageMetadata.thoughtsTokenCount", Role.OUTPUT,
          "modelVersion", Role.MODEL));

  private UsageFields() {
  }

  static Map<String, Role> of(Provider provider) {
    return FIELDS.get(provider);
  }

  /** The longest path, in keys: deeper objects are not looked at. */
  static final int MAX_DEPTH = 3;
}
