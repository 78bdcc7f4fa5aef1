package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonValue;

/**
 * Recognises which provider's stream an event belongs to and hands it to that provider's
 * planner. Events of no known shape get no delta fields: all their strings are restored whole.
 */
final class ProviderEvents {

  private ProviderEvents() {}

  static void plan(JsonValue root, String eventName, EventPlan plan) {
    if (!root.isObject()) {
      return;
    }
    String type = root.getString("type");
    if (type == null) {
      type = eventName;
    }
    if ("error".equals(type)) {
      // Anthropic and Responses: nothing follows an error event.
      plan.endAll();
    } else if (type != null && type.startsWith("response.")) {
      ResponsesEvents.plan(root, type, plan);
    } else if (type == null || !AnthropicEvents.plan(root, type, plan)) {
      if (!ChatCompletionsEvents.plan(root, plan)) {
        GeminiEvents.plan(root, plan);
      }
    }
  }

  /** An index as written in the event, or the position in its array when it is missing. */
  static String index(JsonValue value, int position) {
    boolean present = value != null && value.kind() == JsonValue.Kind.NUMBER;
    return present ? value.raw() : Integer.toString(position);
  }
}
