package io.takumo.aegis.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for OpenAI, Anthropic and Gemini that answers like the real APIs and echoes the last user
 * message it received: as text ({@code "You said: " + message}) and inside a tool call
 * ({@code {"note": message}}), non-streaming or as SSE ({@code "stream": true}, or Gemini's
 * {@code :streamGenerateContent}), with the text
 * and the tool-call JSON cut into small deltas so that any token in them is split across events.
 */
final class FakeProvider implements ResponseDefinitionTransformerV2 {

  static final String NAME = "fake-provider";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int TEXT_PIECE = 5;
  private static final int ARGS_PIECE = 4;

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public boolean applyGlobally() {
    return false;
  }

  @Override
  public ResponseDefinition transform(ServeEvent event) {
    JsonNode request;
    try {
      request = JSON.readTree(event.getRequest().getBodyAsString());
    } catch (IOException e) {
      return ResponseDefinitionBuilder.like(event.getResponseDefinition()).withStatus(400)
          .withHeader("Content-Type", "application/json")
          .withBody("{\"error\":{\"message\":\"We could not parse the JSON body of your request.\","
              + "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}")
          .build();
    }
    try {
      String path = event.getRequest().getUrl();
      boolean anthropic = path.contains("/messages");
      boolean gemini = path.contains(":generateContent") || path.contains(":streamGenerateContent");
      boolean stream = gemini ? path.contains(":streamGenerateContent") : request.path("stream").asBoolean(false);
      String message = gemini ? Gemini.lastUserText(request.path("contents")) : lastUserText(request.path("messages"));
      String body;
      if (gemini) {
        body = stream ? Gemini.stream(message) : Gemini.response(message);
      } else if (anthropic) {
        body = stream ? Anthropic.stream(message) : Anthropic.message(message);
      } else {
        body = stream ? OpenAi.stream(message) : OpenAi.completion(message);
      }
      ResponseDefinitionBuilder reply = ResponseDefinitionBuilder.like(event.getResponseDefinition())
          .withStatus(200)
          .withHeader("Content-Type", stream ? "text/event-stream" : "application/json")
          .withBody(body);
      if (stream) {
        reply = reply.withChunkedDribbleDelay(Math.max(2, body.length() / 97), 40);
      }
      return reply.build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String reply(String message) {
    return "You said: " + message;
  }

  static String toolArguments(String message) {
    try {
      return JSON.writeValueAsString(JSON.createObjectNode().put("note", message));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String lastUserText(JsonNode messages) {
    JsonNode last = messages.get(messages.size() - 1).path("content");
    if (last.isTextual()) {
      return last.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode part : last) {
      text.append(part.path("text").asText(""));
    }
    return text.toString();
  }

  static List<String> pieces(String s, int size) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      int end = Math.min(s.length(), i + size);
      if (end < s.length() && Character.isHighSurrogate(s.charAt(end - 1))) {
        end++;
      }
      out.add(s.substring(i, end));
      i = end;
    }
    return out;
  }

  private static String sse(String event, JsonNode data) throws IOException {
    return (event == null ? "" : "event: " + event + "\n") + "data: " + JSON.writeValueAsString(data) + "\n\n";
  }

  /** OpenAI Chat Completions shapes. */
  static final class OpenAi {

    static String completion(String message) throws IOException {
      ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion")
          .put("created", 1).put("model", "gpt-4o-mini");
      ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "tool_calls");
      ObjectNode msg = choice.putObject("message").put("role", "assistant").put("content", reply(message));
      msg.putNull("refusal");
      ObjectNode call = msg.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function");
      call.putObject("function").put("name", "save_note").put("arguments", toolArguments(message));
      root.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
      return JSON.writeValueAsString(root);
    }

    static String stream(String message) throws IOException {
      StringBuilder out = new StringBuilder();
      ObjectNode first = chunk();
      ((ObjectNode) first.withArray("choices").get(0).get("delta")).put("role", "assistant").put("content", "");
      out.append(sse(null, first));
      for (String piece : pieces(reply(message), TEXT_PIECE)) {
        ObjectNode c = chunk();
        ((ObjectNode) c.withArray("choices").get(0).get("delta")).put("content", piece);
        out.append(sse(null, c));
      }
      boolean head = true;
      for (String piece : pieces(toolArguments(message), ARGS_PIECE)) {
        ObjectNode c = chunk();
        ObjectNode call = ((ObjectNode) c.withArray("choices").get(0).get("delta")).putArray("tool_calls").addObject().put("index", 0);
        if (head) {
          call.put("id", "call_1").put("type", "function");
          call.putObject("function").put("name", "save_note").put("arguments", piece);
          head = false;
        } else {
          call.putObject("function").put("arguments", piece);
        }
        out.append(sse(null, c));
      }
      ObjectNode last = chunk();
      ((ObjectNode) last.withArray("choices").get(0)).put("finish_reason", "tool_calls");
      out.append(sse(null, last));
      return out.append("data: [DONE]\n\n").toString();
    }

    private static ObjectNode chunk() {
      ObjectNode c = JSON.createObjectNode().put("id", "chatcmpl-1").put("object", "chat.completion.chunk")
          .put("created", 1).put("model", "gpt-4o-mini");
      ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
      choice.putObject("delta");
      choice.putNull("finish_reason");
      return c;
    }
  }

  /** Anthropic Messages shapes. */
  static final class Anthropic {

    static String message(String message) throws IOException {
      ObjectNode root = header();
      ArrayNode content = root.putArray("content");
      content.addObject().put("type", "text").put("text", reply(message));
      content.addObject().put("type", "tool_use").put("id", "toolu_1").put("name", "save_note")
          .set("input", JSON.readTree(toolArguments(message)));
      root.put("stop_reason", "tool_use").putNull("stop_sequence");
      root.putObject("usage").put("input_tokens", 1).put("output_tokens", 1);
      return JSON.writeValueAsString(root);
    }

    static String stream(String message) throws IOException {
      StringBuilder out = new StringBuilder();
      ObjectNode start = header();
      start.putArray("content");
      start.putNull("stop_reason").putNull("stop_sequence");
      start.putObject("usage").put("input_tokens", 1).put("output_tokens", 1);
      out.append(sse("message_start", JSON.createObjectNode().put("type", "message_start").set("message", start)));
      ObjectNode textStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
      textStart.putObject("content_block").put("type", "text").put("text", "");
      out.append(sse("content_block_start", textStart));
      out.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
      for (String piece : pieces(reply(message), TEXT_PIECE)) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        d.putObject("delta").put("type", "text_delta").put("text", piece);
        out.append(sse("content_block_delta", d));
      }
      out.append(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 0)));
      ObjectNode toolStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 1);
      toolStart.putObject("content_block").put("type", "tool_use").put("id", "toolu_1").put("name", "save_note").putObject("input");
      out.append(sse("content_block_start", toolStart));
      for (String piece : pieces(toolArguments(message), ARGS_PIECE)) {
        ObjectNode d = JSON.createObjectNode().put("type", "content_block_delta").put("index", 1);
        d.putObject("delta").put("type", "input_json_delta").put("partial_json", piece);
        out.append(sse("content_block_delta", d));
      }
      out.append(sse("content_block_stop", JSON.createObjectNode().put("type", "content_block_stop").put("index", 1)));
      ObjectNode delta = JSON.createObjectNode().put("type", "message_delta");
      delta.putObject("delta").put("stop_reason", "tool_use").putNull("stop_sequence");
      delta.putObject("usage").put("output_tokens", 5);
      out.append(sse("message_delta", delta));
      out.append(sse("message_stop", JSON.createObjectNode().put("type", "message_stop")));
      return out.toString();
    }

    private static ObjectNode header() {
      return JSON.createObjectNode().put("id", "msg_1").put("type", "message").put("role", "assistant")
          .put("model", "claude-haiku-4-5");
    }
  }

  /**
   * Gemini {@code generateContent} shapes: the text in parts, the function call (whose
   * {@code args} Gemini sends whole, never in pieces) in the last chunk of a stream.
   */
  static final class Gemini {

    static String lastUserText(JsonNode contents) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : contents.get(contents.size() - 1).path("parts")) {
        text.append(part.path("text").asText(""));
      }
      return text.toString();
    }

    static String response(String message) throws IOException {
      ObjectNode root = JSON.createObjectNode();
      ObjectNode candidate = root.putArray("candidates").addObject();
      ArrayNode parts = candidate.putObject("content").put("role", "model").putArray("parts");
      parts.addObject().put("text", reply(message));
      functionCall(parts, message);
      candidate.put("finishReason", "STOP").put("index", 0);
      usage(root);
      return JSON.writeValueAsString(root);
    }

    static String stream(String message) throws IOException {
      StringBuilder out = new StringBuilder();
      for (String piece : pieces(reply(message), TEXT_PIECE)) {
        ObjectNode chunk = JSON.createObjectNode();
        ObjectNode candidate = chunk.putArray("candidates").addObject();
        candidate.putObject("content").put("role", "model").putArray("parts").addObject().put("text", piece);
        candidate.put("index", 0);
        chunk.put("modelVersion", "gemini-2.0-flash");
        out.append(sse(null, chunk));
      }
      ObjectNode last = JSON.createObjectNode();
      ObjectNode candidate = last.putArray("candidates").addObject();
      functionCall(candidate.putObject("content").put("role", "model").putArray("parts"), message);
      candidate.put("finishReason", "STOP").put("index", 0);
      usage(last);
      return out.append(sse(null, last)).toString();
    }

    private static void functionCall(ArrayNode parts, String message) throws IOException {
      parts.addObject().putObject("functionCall").put("name", "save_note").set("args", JSON.readTree(toolArguments(message)));
    }

    private static void usage(ObjectNode root) {
      root.putObject("usageMetadata").put("promptTokenCount", 1).put("candidatesTokenCount", 1).put("totalTokenCount", 2);
      root.put("modelVersion", "gemini-2.0-flash");
    }
  }
}
