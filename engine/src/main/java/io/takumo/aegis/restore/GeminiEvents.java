package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.restore.InnerJson.Syntax;

/**
 * Gemini {@code streamGenerateContent?alt=sse} chunks ({@code data:} only): each a whole response
 * whose {@code candidates[].content.parts[].text} continue the candidate's text. Thought parts
 * form a stream of their own. A candidate's streams end with its {@code finishReason}.
 */
final class GeminiEvents {

  private GeminiEvents() {}

  static void plan(JsonValue root, EventPlan plan) {
    JsonValue candidates = root.get("candidates");
    if (candidates == null || !candidates.isArray()) {
      return;
    }
    for (int c = 0; c < candidates.children().size(); c++) {
      JsonValue candidate = candidates.children().get(c);
      if (!candidate.isObject()) {
        continue;
      }
      String index = ProviderEvents.index(candidate.get("index"), c);
      String scope = "gemini/" + index;
      JsonValue content = candidate.get("content");
      JsonValue parts = content == null ? null : content.get("parts");
      if (parts != null && parts.isArray()) {
        for (JsonValue part : parts.children()) {
          JsonValue text = part.get("text");
          if (text != null && text.isString()) {
            JsonValue thoughtFlag = part.get("thought");
            boolean thought = thoughtFlag != null && thoughtFlag.kind() == JsonValue.Kind.TRUE;
            plan.delta(text, scope + (thought ? "/thought" : "/text"), scope, Syntax.DETECT,
                () -> template(candidates, index, thought));
          }
        }
      }
      JsonValue finishReason = candidate.get("finishReason");
      if (finishReason != null && !finishReason.isNull()) {
        plan.endScope(scope);
      }
    }
  }

  /** The chunk with one candidate holding one text part, so no other part is repeated. */
  private static DeltaTemplate template(JsonValue candidates, String index, boolean thought) {
    byte[] src = candidates.src();
    return new DeltaTemplate.Builder()
        .raw(src, 0, candidates.start())
        .text("[{\"content\":{\"parts\":[{\"text\":")
        .hole()
        .text(thought ? ",\"thought\":true}]" : "}]")
        .text(",\"role\":\"model\"},\"index\":" + index + "}]")
        .raw(src, candidates.end(), src.length)
        .build();
  }
}
