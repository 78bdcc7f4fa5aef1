package io.takumo.aegis.apps;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.Model;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordinary app on the official anthropic-java SDK: sends one user message, prints the text and
 * the tool_use inputs as JSON on stdout. {@code usage: AnthropicSdkChat BASE_URL chat|stream|async MESSAGE_FILE}
 */
public final class AnthropicSdkChat {

  public static void main(String[] args) throws Exception {
    String message = Files.readString(Path.of(args[2]));
    AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(args[0]).apiKey("test-key-for-the-stand-in").maxRetries(0).build();
    MessageCreateParams params =
        MessageCreateParams.builder().model(Model.CLAUDE_HAIKU_4_5).maxTokens(1024).addUserMessage(message).build();
    Message reply;
    switch (args[1]) {
      case "chat":
        reply = client.messages().create(params);
        break;
      case "async":
        reply = client.async().messages().create(params).get();
        break;
      case "stream":
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
          stream.stream().forEach(acc::accumulate);
        }
        reply = acc.message();
        break;
      default:
        throw new IllegalArgumentException(args[1]);
    }
    ObjectMapper json = new ObjectMapper();
    StringBuilder text = new StringBuilder();
    List<Object> inputs = new ArrayList<>();
    for (ContentBlock block : reply.content()) {
      if (block.isText()) {
        text.append(block.asText().text());
      } else if (block.isToolUse()) {
        inputs.add(block.asToolUse()._input().convert(Object.class));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("text", text.toString());
    out.put("inputs", inputs);
    System.out.println(json.writeValueAsString(out));
    client.close();
  }

  private AnthropicSdkChat() {}
}
