package io.takumo.aegis.apps;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessage;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordinary app on the official openai-java SDK: sends one user message, prints the assistant's
 * text and tool-call arguments as JSON on stdout. {@code usage: OpenAiSdkChat BASE_URL chat|stream|async MESSAGE_FILE}
 */
public final class OpenAiSdkChat {

  public static void main(String[] args) throws Exception {
    String message = Files.readString(Path.of(args[2]));
    OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(args[0]).apiKey("test-key-for-the-stand-in").maxRetries(0).build();
    ChatCompletionCreateParams params =
        ChatCompletionCreateParams.builder().model(ChatModel.GPT_4O_MINI).addUserMessage(message).build();
    ChatCompletion completion;
    switch (args[1]) {
      case "chat":
        completion = client.chat().completions().create(params);
        break;
      case "async":
        completion = client.async().chat().completions().create(params).get();
        break;
      case "stream":
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
          stream.stream().forEach(acc::accumulate);
        }
        completion = acc.chatCompletion();
        break;
      default:
        throw new IllegalArgumentException(args[1]);
    }
    ChatCompletionMessage reply = completion.choices().get(0).message();
    List<String> arguments = new ArrayList<>();
    for (ChatCompletionMessageToolCall call : reply.toolCalls().orElse(List.of())) {
      arguments.add(call.asFunction().function().arguments());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("text", reply.content().orElse(null));
    out.put("arguments", arguments);
    System.out.println(new ObjectMapper().writeValueAsString(out));
    client.close();
  }

  private OpenAiSdkChat() {}
}
