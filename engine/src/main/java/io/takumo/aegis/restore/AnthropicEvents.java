package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.restore.InnerJson.Syntax;

/**
 * Anthropic Messages events ({@code event:} lines, which the SDKs dispatch on). Delta streams: the
 * {@code content_block_delta}s of one block {@code index}: {@code text_delta.text}, {@code
 * input_json_delta.partial_json} (JSON text) and {@code thinking_delta.thinking}; {@code
 * signature_delta} is left alone. A block's stream ends with its {@code content_block_stop}, or
 * with {@code message_delta} / {@code message_stop}.
 */
final class AnthropicEvents {

  private AnthropicEvents() {}

  /** Plans an event; false if {@code type} is not an Anthropic one. */
  static boolean plan(JsonValue root, String type, EventPlan plan) {
    switch (type) {
      case "content_block_delta":
        planDelta(root, plan);
        return true;
      case "content_block_stop":
        plan.endScope(scope(root));
        return true;
      case "message_delta":
      case "message_stop":
        plan.endAll();
        return true;
      case "message_start":
      case "content_block_start":
      case "ping":
        return true;
      default:
        return false;
    }
  }

  private static void planDelta(JsonValue root, EventPlan plan) {
    JsonValue delta = root.get("delta");
    if (delta == null) {
      return;
    }
    String deltaType = delta.getString("type");
    String field;
    Syntax syntax = Syntax.DETECT;
    if ("text_delta".equals(deltaType)) {
      field = "text";
    } else if ("input_json_delta".equals(deltaType)) {
      field = "partial_json";
      syntax = Syntax.JSON;
    } else if ("thinking_delta".equals(deltaType)) {
      field = "thinking";
    } else {
      return;
    }
    JsonValue text = delta.get(field);
    if (text != null && text.isString()) {
      String scope = scope(root);
      plan.delta(text, scope + '/' + deltaType, scope, syntax, () -> DeltaTemplate.around(text));
    }
  }

  private static String scope(JsonValue root) {
    return "anthropic/" + ProviderEvents.index(root.get("index"), 0);
  }
}
