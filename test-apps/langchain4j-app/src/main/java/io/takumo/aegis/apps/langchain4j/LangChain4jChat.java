package io.takumo.aegis.apps.langchain4j;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary app on LangChain4j's OpenAI and Anthropic chat models, on LangChain4j's default HTTP
 * client ({@code langchain4j-http-client-jdk}): one user message with a tool offered, per mode,
 * and prints, as one JSON object keyed by mode, the AI message's text and tool-call arguments.
 * {@code usage: LangChain4jChat BASE_URL MESSAGE_FILE openai|openai-stream|anthropic|anthropic-stream...}
 */
public final class LangChain4jChat {

  private static final ToolSpecification SAVE_NOTE = ToolSpecification.builder()
      .name("save_note")
      .description("Saves a note for the user")
      .parameters(JsonObjectSchema.builder().addStringProperty("note").required("note").build())
      .build();

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String message = Files.readString(Path.of(args[1]));
    ChatRequest request = ChatRequest.builder().messages(UserMessage.from(message)).toolSpecifications(SAVE_NOTE).build();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      AiMessage reply;
      switch (args[i]) {
        case "openai":
          reply = openAi(baseUrl).chat(request).aiMessage();
          break;
        case "openai-stream":
          reply = stream(openAiStreaming(baseUrl), request).aiMessage();
          break;
        case "anthropic":
          reply = anthropic(baseUrl).chat(request).aiMessage();
          break;
        case "anthropic-stream":
          reply = stream(anthropicStreaming(baseUrl), request).aiMessage();
          break;
        default:
          throw new IllegalArgumentException(args[i]);
      }
      out.put(args[i], describe(reply));
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
  }

  private static ChatModel openAi(String baseUrl) {
    return OpenAiChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("test-key-for-the-stand-in")
        .modelName("gpt-4o-mini").maxRetries(0).build();
  }

  private static StreamingChatModel openAiStreaming(String baseUrl) {
    return OpenAiStreamingChatModel.builder().baseUrl(baseUrl + "/v1").apiKey("test-key-for-the-stand-in")
        .modelName("gpt-4o-mini").build();
  }

  private static ChatModel anthropic(String baseUrl) {
    return AnthropicChatModel.builder().baseUrl(baseUrl + "/v1/").apiKey("test-key-for-the-stand-in")
        .modelName("claude-haiku-4-5").maxTokens(256).maxRetries(0).build();
  }

  private static StreamingChatModel anthropicStreaming(String baseUrl) {
    return AnthropicStreamingChatModel.builder().baseUrl(baseUrl + "/v1/").apiKey("test-key-for-the-stand-in")
        .modelName("claude-haiku-4-5").maxTokens(256).build();
  }

  /** Streams the reply, checking that the partial texts add up to the final text. */
  private static ChatResponse stream(StreamingChatModel model, ChatRequest request) throws Exception {
    StringBuilder partials = new StringBuilder();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(request, new StreamingChatResponseHandler() {
      @Override
      public void onPartialResponse(String partial) {
        partials.append(partial);
      }

      @Override
      public void onCompleteResponse(ChatResponse response) {
        done.complete(response);
      }

      @Override
      public void onError(Throwable error) {
        done.completeExceptionally(error);
      }
    });
    ChatResponse response = done.get(60, TimeUnit.SECONDS);
    if (!partials.toString().equals(response.aiMessage().text())) {
      throw new IllegalStateException("the streamed pieces differ from the final text");
    }
    return response;
  }

  private static Map<String, Object> describe(AiMessage reply) {
    List<String> arguments = new ArrayList<>();
    for (ToolExecutionRequest call : reply.toolExecutionRequests()) {
      arguments.add(call.arguments());
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("text", reply.text());
    result.put("arguments", arguments);
    return result;
  }

  private LangChain4jChat() {}
}
