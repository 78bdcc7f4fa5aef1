package io.takumo.aegis.apps.springai;

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
import org.springframework.ai.anthropic.api.AnthropicApi;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.web.client.RestClient;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * An ordinary app on Spring AI's OpenAI and Anthropic chat models behind a {@link ChatClient}:
 * {@code call()} goes through a {@code RestClient}, {@code stream()} through a {@code WebClient}.
 * The transport is the JDK's {@code HttpClient} under both ({@code jdk}), Reactor Netty under
 * both ({@code reactor-netty}), or whatever Spring picks by itself ({@code default}: Reactor
 * Netty here, as it is on the class path). The models keep the tool calls they receive for the
 * caller (no tool is run). Prints, as one JSON object keyed by mode, the text and tool-call
 * arguments. {@code usage: SpringAiChat BASE_URL MESSAGE_FILE jdk|reactor-netty|default
 * openai-call|openai-stream|anthropic-call|anthropic-stream...}
 */
public final class SpringAiChat {

  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    String message = Files.readString(Path.of(args[1]));
    String transport = args[2];
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 3; i < args.length; i++) {
      String mode = args[i];
      ChatClient client = ChatClient.create(mode.startsWith("openai")
          ? openAi(baseUrl, transport) : anthropic(baseUrl, transport));
      List<ChatResponse> responses = new ArrayList<>();
      if (mode.endsWith("-stream")) {
        responses.addAll(client.prompt().user(message).stream().chatResponse()
            .collectList().block(Duration.ofSeconds(60)));
      } else {
        responses.add(client.prompt().user(message).call().chatResponse());
      }
      out.put(mode, describe(responses));
    }
    System.out.println(new ObjectMapper().writeValueAsString(out));
    System.out.flush();
    // Reactor Netty's event loops would otherwise keep the JVM up.
    System.exit(0);
  }

  private static ChatModel openAi(String baseUrl, String transport) {
    OpenAiApi api = OpenAiApi.builder().baseUrl(baseUrl).apiKey("test-key-for-the-stand-in")
        .restClientBuilder(restClient(transport)).webClientBuilder(webClient(transport)).build();
    return OpenAiChatModel.builder().openAiApi(api)
        .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").internalToolExecutionEnabled(false).build())
        .retryTemplate(RetryTemplate.builder().maxAttempts(1).build())
        .build();
  }

  private static ChatModel anthropic(String baseUrl, String transport) {
    AnthropicApi api = AnthropicApi.builder().baseUrl(baseUrl).apiKey("test-key-for-the-stand-in")
        .restClientBuilder(restClient(transport)).webClientBuilder(webClient(transport)).build();
    return AnthropicChatModel.builder().anthropicApi(api)
        .defaultOptions(AnthropicChatOptions.builder().model("claude-haiku-4-5").maxTokens(256)
            .internalToolExecutionEnabled(false).build())
        .retryTemplate(RetryTemplate.builder().maxAttempts(1).build())
        .build();
  }

  private static RestClient.Builder restClient(String transport) {
    switch (transport) {
      case "jdk":
        return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory());
      case "reactor-netty":
        return RestClient.builder().requestFactory(new ReactorClientHttpRequestFactory());
      case "default":
        return RestClient.builder();
      default:
        throw new IllegalArgumentException(transport);
    }
  }

  private static WebClient.Builder webClient(String transport) {
    switch (transport) {
      case "jdk":
        return WebClient.builder().clientConnector(new JdkClientHttpConnector());
      case "reactor-netty":
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector());
      case "default":
        return WebClient.builder();
      default:
        throw new IllegalArgumentException(transport);
    }
  }

  /**
   * Joins streamed text, and tool calls by id: a piece without an id continues the last call, a
   * call seen again (Anthropic streams end with the whole message) replaces what was gathered.
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

  private SpringAiChat() {}
}
