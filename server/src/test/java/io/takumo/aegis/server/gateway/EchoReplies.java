package io.takumo.aegis.server.gateway;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the stand-in provider answers to a request marked {@code echo-secret}: a reply in the
 * provider's own format (JSON, or SSE when the request streams) that quotes the first token the
 * request held, in text and in a tool call's arguments, as a model would. {@code {T}} stands for
 * the token: a test replaces it by the secret to know what the client must get.
 */
final class EchoReplies {
  static final String MARKER = "echo-secret";
  private static final Pattern TOKEN = Pattern.compile("TKM_[a-z0-9]{2,4}_[0-9a-z]{20}");

  private EchoReplies() {
  }

  /** The first token in {@code body}, or a placeholder that shows none arrived. */
  static String tokenIn(String body) {
    Matcher m = TOKEN.matcher(body);
    return m.find() ? m.group() : "NO_TOKEN_ARRIVED";
  }

  static boolean streams(String uri, String body) {
    return uri.contains(":streamGenerateContent") || body.contains("\"stream\":true");
  }

  /** The reply template for a request to {@code uri}. */
  static String reply(String uri, boolean stream) {
    if (uri.startsWith("/v1/messages")) {
      return stream ? ANTHROPIC_SSE : ANTHROPIC_JSON;
    }
    if (uri.startsWith("/v1beta/")) {
      return stream ? GEMINI_SSE : GEMINI_JSON;
    }
    if (uri.startsWith("/v1/responses")) {
      return stream ? RESPONSES_SSE : RESPONSES_JSON;
    }
    return stream ? CHAT_SSE : CHAT_JSON;
  }

  /** Marks a chat stream whose token the reply splits across deltas, as a model's tokenizer would. */
  static final String SPLIT_MARKER = "echo-split";

  /** An OpenAI chat stream quoting {@code token} in two content deltas and three tool-call argument deltas. */
  static String splitChatStream(String token) {
    StringBuilder out = new StringBuilder();
    String start = "data: {\"id\":\"c2\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":";
    for (String part : new String[] {"echo ", token.substring(0, 9), token.substring(9)}) {
      out.append(start).append("{\"content\":\"").append(part).append("\"}}]}\n\n");
    }
    String[] args = {"{\\\"token\\\":\\\"" + token.substring(0, 12), token.substring(12, 20), token.substring(20) + "\\\"}"};
    for (int i = 0; i < args.length; i++) {
      out.append(start).append("{\"tool_calls\":[{\"index\":0,").append(i == 0
          ? "\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"deploy\",\"arguments\":\""
          : "\"function\":{\"arguments\":\"").append(args[i]).append("\"}}]}}]}\n\n");
    }
    out.append(start).append("{},\"finish_reason\":\"tool_calls\"}]}\n\n").append("data: [DONE]\n\n");
    return out.toString();
  }

  static final String CHAT_JSON = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-2024-08-06\",\"choices\":"
      + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"echo {T}\",\"tool_calls\":[{\"id\":\"call_1\","
      + "\"type\":\"function\",\"function\":{\"name\":\"deploy\",\"arguments\":\"{\\\"token\\\":\\\"{T}\\\"}\"}}]},"
      + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5}}";

  static final String CHAT_SSE = ""
      + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
      + "\"delta\":{\"role\":\"assistant\",\"content\":\"echo {T}\"}}]}\n\n"
      + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
      + "\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"deploy\","
      + "\"arguments\":\"{\\\"token\\\":\\\"{T}\\\"}\"}}]}}]}\n\n"
      + "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
      + "\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
      + "data: [DONE]\n\n";

  private static final String RESPONSES_OUTPUT = "[{\"type\":\"message\",\"id\":\"msg_1\",\"role\":\"assistant\",\"content\":"
      + "[{\"type\":\"output_text\",\"text\":\"echo {T}\"}]},{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\","
      + "\"name\":\"deploy\",\"arguments\":\"{\\\"token\\\":\\\"{T}\\\"}\"}]";

  static final String RESPONSES_JSON = "{\"id\":\"resp_1\",\"object\":\"response\",\"model\":\"gpt-4o\",\"output\":"
      + RESPONSES_OUTPUT + ",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";

  static final String RESPONSES_SSE = ""
      + "event: response.output_text.delta\n"
      + "data: {\"type\":\"response.output_text.delta\",\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
      + "\"delta\":\"echo {T}\"}\n\n"
      + "event: response.function_call_arguments.delta\n"
      + "data: {\"type\":\"response.function_call_arguments.delta\",\"item_id\":\"fc_1\",\"output_index\":1,"
      + "\"delta\":\"{\\\"token\\\":\\\"{T}\\\"}\"}\n\n"
      + "event: response.completed\n"
      + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"object\":\"response\",\"model\":\"gpt-4o\","
      + "\"output\":" + RESPONSES_OUTPUT + ",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}}\n\n";

  static final String ANTHROPIC_JSON = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"echo {T}\"},{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"deploy\","
      + "\"input\":{\"token\":\"{T}\"}}],\"stop_reason\":\"tool_use\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}";

  static final String ANTHROPIC_SSE = ""
      + "event: message_start\n"
      + "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\","
      + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
      + "event: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
      + "event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"echo {T}\"}}\n\n"
      + "event: content_block_stop\n"
      + "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
      + "event: content_block_start\n"
      + "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\","
      + "\"name\":\"deploy\",\"input\":{}}}\n\n"
      + "event: content_block_delta\n"
      + "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
      + "\"partial_json\":\"{\\\"token\\\":\\\"{T}\\\"}\"}}\n\n"
      + "event: content_block_stop\n"
      + "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
      + "event: message_delta\n"
      + "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":5}}\n\n"
      + "event: message_stop\n"
      + "data: {\"type\":\"message_stop\"}\n\n";

  static final String GEMINI_JSON = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"echo {T}\"},"
      + "{\"functionCall\":{\"name\":\"deploy\",\"args\":{\"token\":\"{T}\"}}}]}}],"
      + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5},\"modelVersion\":\"gemini-2.5-flash\"}";

  static final String GEMINI_SSE = ""
      + "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"echo {T}\"}]}}],"
      + "\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n"
      + "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"deploy\","
      + "\"args\":{\"token\":\"{T}\"}}}]},\"finishReason\":\"STOP\"}],"
      + "\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5},\"modelVersion\":\"gemini-2.5-flash\"}\r\n\r\n";
}
