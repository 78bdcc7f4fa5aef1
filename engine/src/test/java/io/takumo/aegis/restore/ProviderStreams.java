package io.takumo.aegis.restore;

import static io.takumo.aegis.restore.TestSupport.json;
import static io.takumo.aegis.restore.TestSupport.parseSse;
import static io.takumo.aegis.restore.TestSupport.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.takumo.aegis.restore.TestSupport.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Realistic event streams of each provider (shapes from the provider wire formats reference):
 * build one from text deltas and tool-call argument deltas, and read one back as an SDK would,
 * joining the deltas per stream and checking the rest of the stream agrees with them.
 */
final class ProviderStreams {

  /** What a client reads from a stream. */
  record Outcome(String text, String arguments, List<String> eventNames) {}

  interface Format {
    String name();

    /** The body, LF line endings, streaming {@code text} then {@code arguments} (JSON text). */
    String build(List<String> text, List<String> arguments);

    /** Where the body's text deltas end: cutting there leaves the text stream unterminated. */
    int textEnd(String body);

    /** Event names of the delta events a synthetic event may copy. */
    List<String> deltaEventNames();

    Outcome read(byte[] body);
  }

  static List<Format> all(TestSupport t) {
    return List.of(new Chat(), new Responses(t), new Anthropic(t), new Gemini(t));
  }

  static int eventStartBefore(String body, String marker) {
    return body.lastIndexOf("\n\n", body.indexOf(marker)) + 2;
  }

  static String sse(String event, String data) {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + data + "\n\n";
  }

  /** OpenAI Chat Completions: data-only chunks, tool call arguments as deltas, [DONE]. */
  static final class Chat implements Format {
    @Override
    public String name() {
      return "chat";
    }

    static String chunk(String choices) {
      return "{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
          + "\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_eb9dce56a8\","
          + "\"choices\":" + choices + ",\"usage\":null,\"obfuscation\":\"k2Zq\"}";
    }

    static String choice(int index, String delta, String finishReason) {
      return "{\"index\":" + index + ",\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}";
    }

    @Override
    public String build(List<String> text, List<String> arguments) {
      StringBuilder b = new StringBuilder();
      b.append(sse(null, chunk("[" + choice(0, "{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null") + "]")));
      for (String piece : text) {
        b.append(sse(null, chunk("[" + choice(0, "{\"content\":" + quote(piece) + "}", "null") + "]")));
      }
      b.append(sse(null, chunk("[" + choice(0, "{\"tool_calls\":[{\"index\":0,\"id\":\"call_DdmO9\",\"type\":\"function\","
          + "\"function\":{\"name\":\"lookup\",\"arguments\":\"\"}}]}", "null") + "]")));
      for (String piece : arguments) {
        b.append(sse(null, chunk("[" + choice(0, "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
            + quote(piece) + "}}]}", "null") + "]")));
      }
      b.append(sse(null, chunk("[" + choice(0, "{}", "\"tool_calls\"") + "]")));
      b.append(sse(null, "{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
          + "\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":19,\"completion_tokens\":10,"
          + "\"total_tokens\":29}}"));
      b.append(sse(null, "[DONE]"));
      return b.toString();
    }

    @Override
    public int textEnd(String body) {
      return eventStartBefore(body, "\"id\":\"call_DdmO9\"");
    }

    @Override
    public List<String> deltaEventNames() {
      return java.util.Collections.singletonList(null);
    }

    @Override
    public Outcome read(byte[] body) {
      Map<String, StringBuilder> streams = new TreeMap<>();
      List<String> names = new ArrayList<>();
      for (SseEvent event : parseSse(body)) {
        names.add(event.name());
        if (event.data().equals("[DONE]")) {
          continue;
        }
        for (JsonNode choice : json(event.data()).path("choices")) {
          JsonNode delta = choice.path("delta");
          int c = choice.path("index").asInt();
          if (delta.path("content").isTextual()) {
            append(streams, c + "/content", delta.path("content").asText());
          }
          for (JsonNode call : delta.path("tool_calls")) {
            String k = c + "/tool/" + call.path("index").asInt();
            if (call.has("id")) {
              append(streams, k + "/id", call.path("id").asText());
            }
            JsonNode function = call.path("function");
            if (function.has("name")) {
              append(streams, k + "/name", function.path("name").asText());
            }
            if (function.has("arguments")) {
              append(streams, k + "/arguments", function.path("arguments").asText());
            }
          }
        }
      }
      if (streams.containsKey("0/tool/0/name")) {
        assertEquals("lookup", streams.get("0/tool/0/name").toString());
        assertEquals("call_DdmO9", streams.get("0/tool/0/id").toString());
      }
      return new Outcome(text(streams, "0/content"), text(streams, "0/tool/0/arguments"), names);
    }
  }

  /** OpenAI Responses: typed events, full text again in the done events and response.completed. */
  static final class Responses implements Format {
    private final TestSupport t;
    private int sequence;

    Responses(TestSupport t) {
      this.t = t;
    }

    @Override
    public String name() {
      return "responses";
    }

    private String event(String type, String fields) {
      return sse(type, "{\"type\":\"" + type + "\",\"sequence_number\":" + sequence++ + "," + fields + "}");
    }

    private String response(String status, String output) {
      return "\"response\":{\"id\":\"resp_67c9fdcecf\",\"object\":\"response\",\"created_at\":1741290958,"
          + "\"status\":\"" + status + "\",\"instructions\":" + quote("Never reveal " + t.tokenA) + ","
          + "\"model\":\"gpt-4.1-2025-04-14\",\"output\":" + output + ",\"parallel_tool_calls\":true,"
          + "\"tools\":[{\"type\":\"function\",\"name\":\"lookup\",\"description\":" + quote("Uses " + t.tokenB) + ","
          + "\"parameters\":{\"type\":\"object\",\"properties\":{}},\"strict\":true}]}";
    }

    private static String message(String status, String text) {
      return "{\"id\":\"msg_67c9fdcf\",\"type\":\"message\",\"status\":\"" + status + "\",\"content\":"
          + (text == null ? "[]" : "[" + part(text) + "]") + ",\"role\":\"assistant\"}";
    }

    private static String part(String text) {
      return "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + quote(text) + "}";
    }

    private static String call(String status, String arguments) {
      return "{\"id\":\"fc_12345xyz\",\"type\":\"function_call\",\"status\":\"" + status + "\",\"arguments\":"
          + quote(arguments) + ",\"call_id\":\"call_12345xyz\",\"name\":\"lookup\"}";
    }

    @Override
    public String build(List<String> text, List<String> arguments) {
      sequence = 0;
      String fullText = String.join("", text);
      String fullArguments = String.join("", arguments);
      String msg = "\"item_id\":\"msg_67c9fdcf\",\"output_index\":0,\"content_index\":0,";
      String fc = "\"item_id\":\"fc_12345xyz\",\"output_index\":1,";
      StringBuilder b = new StringBuilder();
      b.append(event("response.created", response("in_progress", "[]")));
      b.append(event("response.in_progress", response("in_progress", "[]")));
      b.append(event("response.output_item.added", "\"output_index\":0,\"item\":" + message("in_progress", null)));
      b.append(event("response.content_part.added", msg + "\"part\":" + part("")));
      for (String piece : text) {
        b.append(event("response.output_text.delta", msg + "\"delta\":" + quote(piece) + ",\"logprobs\":[],\"obfuscation\":\"Wm\""));
      }
      b.append(event("response.output_text.done", msg + "\"text\":" + quote(fullText) + ",\"logprobs\":[]"));
      b.append(event("response.content_part.done", msg + "\"part\":" + part(fullText)));
      b.append(event("response.output_item.done", "\"output_index\":0,\"item\":" + message("completed", fullText)));
      b.append(event("response.output_item.added", "\"output_index\":1,\"item\":" + call("in_progress", "")));
      for (String piece : arguments) {
        b.append(event("response.function_call_arguments.delta", fc + "\"delta\":" + quote(piece) + ",\"obfuscation\":\"q\""));
      }
      b.append(event("response.function_call_arguments.done", fc + "\"arguments\":" + quote(fullArguments)));
      b.append(event("response.output_item.done", "\"output_index\":1,\"item\":" + call("completed", fullArguments)));
      b.append(event("response.completed", response("completed",
          "[" + message("completed", fullText) + "," + call("completed", fullArguments) + "]")));
      return b.toString();
    }

    @Override
    public int textEnd(String body) {
      return eventStartBefore(body, "event: response.output_text.done");
    }

    @Override
    public List<String> deltaEventNames() {
      return List.of("response.output_text.delta", "response.function_call_arguments.delta");
    }

    @Override
    public Outcome read(byte[] body) {
      StringBuilder text = new StringBuilder();
      StringBuilder arguments = new StringBuilder();
      List<String> names = new ArrayList<>();
      for (SseEvent event : parseSse(body)) {
        names.add(event.name());
        JsonNode data = json(event.data());
        assertEquals(event.name(), data.path("type").asText(), "event: line matches the type");
        switch (event.name()) {
          case "response.output_text.delta" -> text.append(data.path("delta").asText());
          case "response.function_call_arguments.delta" -> arguments.append(data.path("delta").asText());
          case "response.output_text.done" -> assertEquals(text.toString(), data.path("text").asText());
          case "response.content_part.done" -> assertEquals(text.toString(), data.path("part").path("text").asText());
          case "response.function_call_arguments.done" ->
              assertEquals(arguments.toString(), data.path("arguments").asText());
          case "response.completed" -> {
            JsonNode response = data.path("response");
            assertEquals("Never reveal " + TestSupport.SECRET_A, response.path("instructions").asText());
            assertEquals("Uses " + TestSupport.SECRET_B, response.path("tools").path(0).path("description").asText());
            assertEquals(text.toString(), response.path("output").path(0).path("content").path(0).path("text").asText());
            assertEquals(arguments.toString(), response.path("output").path(1).path("arguments").asText());
          }
          default -> { }
        }
      }
      return new Outcome(text.toString(), arguments.toString(), names);
    }
  }

  /** Anthropic Messages: event lines, blocks by index, thinking, text and tool_use blocks. */
  static final class Anthropic implements Format {
    private final TestSupport t;

    Anthropic(TestSupport t) {
      this.t = t;
    }

    @Override
    public String name() {
      return "anthropic";
    }

    static String delta(int index, String type, String field, String piece) {
      return sse("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index
          + ",\"delta\":{\"type\":\"" + type + "\",\"" + field + "\":" + quote(piece) + "}}");
    }

    static String start(int index, String block) {
      return sse("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
    }

    static String stop(int index) {
      return sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    @Override
    public String build(List<String> text, List<String> arguments) {
      StringBuilder b = new StringBuilder();
      b.append(sse("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
          + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],"
          + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,\"output_tokens\":2}}}"));
      b.append(start(0, "{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}"));
      b.append(sse("ping", "{\"type\": \"ping\"}"));
      String token = t.tokenB;
      for (String piece : List.of("Check ", token.substring(0, 5), token.substring(5, 12), token.substring(12) + " first.")) {
        b.append(delta(0, "thinking_delta", "thinking", piece));
      }
      b.append(delta(0, "signature_delta", "signature", "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds"));
      b.append(stop(0));
      b.append(start(1, "{\"type\":\"text\",\"text\":\"\"}"));
      for (String piece : text) {
        b.append(delta(1, "text_delta", "text", piece));
      }
      b.append(stop(1));
      b.append(start(2, "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAm\",\"name\":\"lookup\",\"input\":{}}"));
      b.append(delta(2, "input_json_delta", "partial_json", ""));
      for (String piece : arguments) {
        b.append(delta(2, "input_json_delta", "partial_json", piece));
      }
      b.append(stop(2));
      b.append(sse("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
          + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}"));
      b.append(sse("message_stop", "{\"type\":\"message_stop\"}"));
      return b.toString();
    }

    @Override
    public int textEnd(String body) {
      return eventStartBefore(body, "{\"type\":\"content_block_stop\",\"index\":1}");
    }

    @Override
    public List<String> deltaEventNames() {
      return List.of("content_block_delta");
    }

    @Override
    public Outcome read(byte[] body) {
      Map<String, StringBuilder> blocks = new TreeMap<>();
      List<String> names = new ArrayList<>();
      for (SseEvent event : parseSse(body)) {
        names.add(event.name());
        JsonNode data = json(event.data());
        assertEquals(event.name(), data.path("type").asText(), "event: line matches the type");
        if (event.name().equals("content_block_delta")) {
          JsonNode delta = data.path("delta");
          String type = delta.path("type").asText();
          String field = switch (type) {
            case "text_delta" -> "text";
            case "input_json_delta" -> "partial_json";
            case "thinking_delta" -> "thinking";
            default -> "signature";
          };
          append(blocks, data.path("index").asInt() + "/" + type, delta.path(field).asText());
        }
      }
      if (blocks.containsKey("0/thinking_delta")) {
        assertEquals("Check " + TestSupport.SECRET_B + " first.", blocks.get("0/thinking_delta").toString());
        assertEquals("EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds", blocks.get("0/signature_delta").toString());
      }
      return new Outcome(text(blocks, "1/text_delta"), text(blocks, "2/input_json_delta"), names);
    }
  }

  /** Gemini: data-only chunks of whole responses; a thought part; function call args as an object. */
  static final class Gemini implements Format {
    private final TestSupport t;

    Gemini(TestSupport t) {
      this.t = t;
    }

    @Override
    public String name() {
      return "gemini";
    }

    static String chunk(String parts, String finishReason) {
      return "{\"candidates\":[{\"content\":{\"parts\":" + parts + ",\"role\":\"model\"},"
          + (finishReason == null ? "" : "\"finishReason\":\"" + finishReason + "\",") + "\"index\":0}],"
          + "\"usageMetadata\":{\"promptTokenCount\":8,\"candidatesTokenCount\":2,\"totalTokenCount\":10},"
          + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"mT3JaKXsGrjT\"}";
    }

    @Override
    public String build(List<String> text, List<String> arguments) {
      StringBuilder b = new StringBuilder();
      String token = t.tokenA;
      b.append(sse(null, chunk("[{\"text\":" + quote("Thinking about " + token.substring(0, 9)) + ",\"thought\":true}]", null)));
      b.append(sse(null, chunk("[{\"text\":" + quote(token.substring(9)) + ",\"thought\":true}]", null)));
      for (String piece : text) {
        b.append(sse(null, chunk("[{\"text\":" + quote(piece) + "}]", null)));
      }
      b.append(sse(null, chunk("[{\"functionCall\":{\"name\":\"lookup\",\"args\":" + String.join("", arguments) + "}}]", "STOP")));
      return b.toString();
    }

    @Override
    public int textEnd(String body) {
      return eventStartBefore(body, "\"finishReason\"");
    }

    @Override
    public List<String> deltaEventNames() {
      return java.util.Collections.singletonList(null);
    }

    @Override
    public Outcome read(byte[] body) {
      StringBuilder text = new StringBuilder();
      StringBuilder thought = new StringBuilder();
      String arguments = "";
      List<String> names = new ArrayList<>();
      for (SseEvent event : parseSse(body)) {
        assertNull(event.name());
        names.add(null);
        for (JsonNode part : json(event.data()).path("candidates").path(0).path("content").path("parts")) {
          if (part.has("text")) {
            (part.path("thought").asBoolean() ? thought : text).append(part.path("text").asText());
          }
          if (part.has("functionCall")) {
            arguments = part.path("functionCall").path("args").toString();
          }
        }
      }
      assertEquals("Thinking about " + TestSupport.SECRET_A, thought.toString());
      return new Outcome(text.toString(), arguments, names);
    }
  }

  private static void append(Map<String, StringBuilder> streams, String key, String piece) {
    streams.computeIfAbsent(key, k -> new StringBuilder()).append(piece);
  }

  private static String text(Map<String, StringBuilder> streams, String key) {
    StringBuilder b = streams.get(key);
    return b == null ? "" : b.toString();
  }
}
