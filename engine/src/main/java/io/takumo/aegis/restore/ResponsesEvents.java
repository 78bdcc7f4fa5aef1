package io.takumo.aegis.restore;

import io.takumo.aegis.json.JsonValue;
import io.takumo.aegis.restore.InnerJson.Syntax;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI Responses events ({@code event:} line equal to the JSON {@code type}). Delta streams:
 * {@code response.<kind>.delta}'s {@code delta} for the text kinds below, keyed by item, content
 * part and summary part; each ends with its {@code response.<kind>.done}, its content part's or
 * item's {@code .done}, or the end of the response. Audio deltas (base64) are left alone.
 */
final class ResponsesEvents {

  private static final String PREFIX = "response.";
  private static final String JSON_KIND = "function_call_arguments";
  private static final List<String> TEXT_KINDS = List.of(
      "output_text", "refusal", "reasoning_summary_text", "reasoning_text", "audio.transcript");

  private ResponsesEvents() {}

  static void plan(JsonValue root, String type, EventPlan plan) {
    switch (type) {
      case "response.completed":
      case "response.incomplete":
      case "response.failed":
        plan.endAll();
        return;
      case "response.output_item.done":
        planItemDone(root, plan);
        return;
      case "response.content_part.done":
        plan.endScope(partScope(root));
        return;
      default:
        break;
    }
    String kind;
    boolean done;
    if (type.endsWith(".delta")) {
      kind = type.substring(PREFIX.length(), type.length() - ".delta".length());
      done = false;
    } else if (type.endsWith(".done")) {
      kind = type.substring(PREFIX.length(), type.length() - ".done".length());
      done = true;
    } else {
      return;
    }
    boolean json = kind.equals(JSON_KIND);
    if (!json && !TEXT_KINDS.contains(kind)) {
      return;
    }
    String key = "resp/" + kind + '/' + item(root) + '/' + number(root, "content_index") + '/'
        + number(root, "summary_index");
    if (done) {
      plan.endKey(key);
      return;
    }
    JsonValue delta = root.get("delta");
    if (delta != null && delta.isString()) {
      Syntax syntax = json ? Syntax.JSON : Syntax.DETECT;
      plan.delta(delta, key, scopes(root), syntax, () -> template(root, delta));
    }
  }

  private static void planItemDone(JsonValue root, EventPlan plan) {
    JsonValue item = root.get("item");
    String id = item == null ? null : item.getString("id");
    if (id != null) {
      plan.endScope("resp/item/" + id);
    }
    plan.endScope("resp/output/" + number(root, "output_index"));
  }

  private static List<String> scopes(JsonValue root) {
    List<String> scopes = new ArrayList<>(3);
    String id = root.getString("item_id");
    if (id != null) {
      scopes.add("resp/item/" + id);
    }
    scopes.add("resp/output/" + number(root, "output_index"));
    scopes.add(partScope(root));
    return scopes;
  }

  private static String partScope(JsonValue root) {
    return "resp/part/" + item(root) + '/' + number(root, "content_index");
  }

  /** The item an event is about: its id, or its output index when the id is missing. */
  private static String item(JsonValue root) {
    String id = root.getString("item_id");
    return id != null ? id : "#" + number(root, "output_index");
  }

  private static String number(JsonValue root, String name) {
    JsonValue value = root.get(name);
    return value != null && value.kind() == JsonValue.Kind.NUMBER ? value.raw() : "";
  }

  /** The event as it was, with the delta as the hole and no repeated log probabilities. */
  private static DeltaTemplate template(JsonValue root, JsonValue delta) {
    JsonValue logprobs = root.get("logprobs");
    if (logprobs == null || !logprobs.isArray() || logprobs.children().isEmpty()) {
      return DeltaTemplate.around(delta);
    }
    byte[] src = root.src();
    DeltaTemplate.Builder builder = new DeltaTemplate.Builder();
    if (logprobs.start() < delta.start()) {
      return builder.raw(src, 0, logprobs.start()).text("[]").raw(src, logprobs.end(), delta.start())
          .hole().raw(src, delta.end(), src.length).build();
    }
    return builder.raw(src, 0, delta.start()).hole().raw(src, delta.end(), logprobs.start())
        .text("[]").raw(src, logprobs.end(), src.length).build();
  }
}
