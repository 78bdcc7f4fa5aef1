package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.restore.InnerJson.Syntax;

/**
 * OpenAI Chat Completions chunks ({@code data:} only, ending with {@code data: [DONE]}). Delta
 * streams, per choice: {@code delta.content}, {@code delta.refusal}, {@code
 * delta.reasoning_content} (OpenAI-compatible servers) and each tool call's {@code
 * function.arguments}. A choice's streams end with its {@code finish_reason}.
 */
final class ChatCompletionsEvents {

  private static final String[] TEXT_FIELDS = {"content", "refusal", "reasoning_content"};

  private ChatCompletionsEvents() {}

  /** Plans a chunk; false if the event is not one. */
  static boolean plan(JsonValue root, EventPlan plan) {
    JsonValue choices = root.get("choices");
    if (choices == null || !choices.isArray()) {
      return false;
    }
    for (int c = 0; c < choices.children().size(); c++) {
      JsonValue choice = choices.children().get(c);
      if (!choice.isObject()) {
        continue;
      }
      String index = ProviderEvents.index(choice.get("index"), c);
      String scope = "chat/" + index;
      JsonValue delta = choice.get("delta");
      if (delta != null && delta.isObject()) {
        planDelta(choices, index, scope, delta, plan);
      }
      JsonValue finishReason = choice.get("finish_reason");
      if (finishReason != null && !finishReason.isNull()) {
        plan.endScope(scope);
      }
    }
    return true;
  }

  private static void planDelta(
      JsonValue choices, String index, String scope, JsonValue delta, EventPlan plan) {
    for (String name : TEXT_FIELDS) {
      JsonValue text = delta.get(name);
      if (text != null && text.isString()) {
        plan.delta(text, scope + '/' + name, scope, Syntax.DETECT,
            () -> template(choices, index, "{\"" + name + "\":", "}"));
      }
    }
    JsonValue toolCalls = delta.get("tool_calls");
    if (toolCalls == null || !toolCalls.isArray()) {
      return;
    }
    for (int k = 0; k < toolCalls.children().size(); k++) {
      JsonValue call = toolCalls.children().get(k);
      JsonValue function = call.get("function");
      JsonValue arguments = function == null ? null : function.get("arguments");
      if (arguments != null && arguments.isString()) {
        String callIndex = ProviderEvents.index(call.get("index"), k);
        String open = "{\"tool_calls\":[{\"index\":" + callIndex + ",\"function\":{\"arguments\":";
        plan.delta(arguments, scope + "/tool/" + callIndex, scope, Syntax.JSON,
            () -> template(choices, index, open, "}}]}"));
      }
    }
  }

  /**
   * The chunk with its choices cut down to one choice carrying only this delta, so that no other
   * field is repeated when clients accumulate the chunks.
   */
  private static DeltaTemplate template(
      JsonValue choices, String index, String deltaOpen, String deltaClose) {
    byte[] src = choices.src();
    return new DeltaTemplate.Builder()
        .raw(src, 0, choices.start())
        .text("[{\"index\":" + index + ",\"delta\":" + deltaOpen)
        .hole()
        .text(deltaClose + ",\"logprobs\":null,\"finish_reason\":null}]")
        .raw(src, choices.end(), src.length)
        .build();
  }
}
