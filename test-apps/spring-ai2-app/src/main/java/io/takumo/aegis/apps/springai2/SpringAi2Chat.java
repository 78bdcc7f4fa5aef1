package io.takumo.aegis.apps.springai2;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * An ordinary app on Spring AI 2's OpenAI and Anthropic chat models, which run on the official
 * SDKs over Spring AI's own OkHttp clients: {@code call} and {@code stream}, and prints, as one
 * JSON object keyed by mode, the text and tool-call arguments it got back.
 * {@code usage: SpringAi2Chat BASE_URL MESSAGE_FILE openai-call|openai-stream|anthropic-call|anthropic-stream...}
 */
public final class SpringAi2Chat {

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String message = Files.readString(Path.of(args[1]));
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      String mode = args[i];
      ChatModel model = mode.startsWith("openai") ? openAi(baseUrl) : anthropic(baseUrl);
      List<ChatResponse> responses = new ArrayList<>();
      if (mode.endsWith("-stream")) {
        responses.addAll(model.stream(new Prompt(message)).collectList().block(Duration.ofSeconds(60)));
      } else {
        responses.add(model.call(new Prompt(message)));
      }
      out.put(mode, describe(responses));
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
    System.out.flush();
    // OkHttp's idle threads would otherwise keep the JVM up for a minute.
    System.exit(0);
  }

  private static ChatModel openAi(String baseUrl) {
    return OpenAiChatModel.builder()
        .options(OpenAiChatOptions.builder().baseUrl(baseUrl + "/v1").apiKey("test-key-for-the-stand-in")
            .model("gpt-4o-mini").maxRetries(0).build())
        .build();
  }

  private static ChatModel anthropic(String baseUrl) {
    return AnthropicChatModel.builder()
        .options(AnthropicChatOptions.builder().baseUrl(baseUrl).apiKey("test-key-for-the-stand-in")
            .model("claude-haiku-4-5").maxTokens(256).maxRetries(0).build())
        .build();
  }

  /**
   * Joins streamed text, and tool calls by id: a piece without an id continues the last call, a
   * call seen again replaces what was gathered.
   */
  private static Map<String, Object> describe(List<ChatResponse> responses) {
    StringBuilder text = new StringBuilder();
    Map<String, StringBuilder> arguments = new LinkedHashMap<>();
    String last = null;
    for (ChatResponse response : responses) {
      for (Generation generation : response.getResults()) {
        AssistantMessage output = generation.getOutput();
        if (output.getText() != null) {
          text.append(output.getText());
        }
        for (AssistantMessage.ToolCall call : output.getToolCalls()) {
          String piece = call.arguments() == null ? "" : call.arguments();
          if (call.id() != null && !call.id().isEmpty()) {
            last = call.id();
            arguments.put(last, new StringBuilder(piece));
          } else if (last != null) {
            arguments.get(last).append(piece);
          }
        }
      }
    }
    List<String> joined = new ArrayList<>();
    for (StringBuilder a : arguments.values()) {
      joined.add(a.toString());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("text", text.toString());
    result.put("arguments", joined);
    return result;
  }

  private SpringAi2Chat() {}
}
