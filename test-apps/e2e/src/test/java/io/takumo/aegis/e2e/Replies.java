package io.takumo.aegis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what an app got back (a raw JSON body, or a raw SSE stream) the way the SDKs do, into the
 * assistant's text and tool-call arguments, so tests can compare them with the original message.
 */
final class Replies {

  final String text;
  final List<String> toolArguments;
  final List<String> eventNames;

  private Replies(String text, List<String> toolArguments, List<String> eventNames) {
    this.text = text;
    this.toolArguments = toolArguments;
    this.eventNames = eventNames;
  }

  static Replies parse(String body) throws IOException {
    String trimmed = body.stripLeading();
    if (trimmed.startsWith("{")) {
      return json(FakeProvider.JSON.readTree(trimmed));
    }
    return sse(body);
  }

  private static Replies json(JsonNode root) throws IOException {
    if (root.has("choices")) {
      JsonNode msg = root.at("/choices/0/message");
      List<String> args = new ArrayList<>();
      for (JsonNode call : msg.path("tool_calls")) {
        args.add(call.at("/function/arguments").asText());
      }
      return new Replies(msg.path("content").asText(), args, List.of());
    }
    StringBuilder text = new StringBuilder();
    List<String> args = new ArrayList<>();
    for (JsonNode block : root.path("content")) {
      if (block.path("type").asText().equals("text")) {
        text.append(block.path("text").asText());
      } else if (block.path("type").asText().equals("tool_use")) {
        args.add(FakeProvider.JSON.writeValueAsString(block.path("input")));
      }
    }
    return new Replies(text.toString(), args, List.of());
  }

  /** Joins deltas per stream, as the SDK accumulators do. */
  private static Replies sse(String body) throws IOException {
    StringBuilder text = new StringBuilder();
    Map<Integer, StringBuilder> args = new LinkedHashMap<>();
    List<String> events = new ArrayList<>();
    String event = null;
    StringBuilder data = new StringBuilder();
    for (String line : body.split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (data.length() > 0) {
          apply(event, data.toString(), text, args);
          if (event != null) {
            events.add(event);
          }
        }
        event = null;
        data.setLength(0);
      } else if (line.startsWith("event:")) {
        event = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        if (data.length() > 0) {
          data.append('\n');
        }
        data.append(line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5));
      }
    }
    List<String> arguments = new ArrayList<>();
    for (StringBuilder a : args.values()) {
      arguments.add(a.toString());
    }
    return new Replies(text.toString(), arguments, events);
  }

  private static void apply(String event, String data, StringBuilder text, Map<Integer, StringBuilder> args)
      throws IOException {
    if (data.equals("[DONE]")) {
      return;
    }
    JsonNode node = FakeProvider.JSON.readTree(data);
    if (node.has("choices")) {
      for (JsonNode choice : node.path("choices")) {
        JsonNode delta = choice.path("delta");
        if (delta.path("content").isTextual()) {
          text.append(delta.path("content").asText());
        }
        for (JsonNode call : delta.path("tool_calls")) {
          args.computeIfAbsent(call.path("index").asInt(), i -> new StringBuilder())
              .append(call.at("/function/arguments").asText(""));
        }
      }
    } else if ("content_block_delta".equals(event)) {
      JsonNode delta = node.path("delta");
      if (delta.path("type").asText().equals("text_delta")) {
        text.append(delta.path("text").asText());
      } else if (delta.path("type").asText().equals("input_json_delta")) {
        args.computeIfAbsent(node.path("index").asInt(), i -> new StringBuilder()).append(delta.path("partial_json").asText());
      }
    }
  }
}
