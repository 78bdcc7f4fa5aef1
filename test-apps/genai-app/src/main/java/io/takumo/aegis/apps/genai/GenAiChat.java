package io.takumo.aegis.apps.genai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ordinary app on the Google Gen AI Java SDK (Gemini Developer API): sends one user message
 * per mode and prints, as one JSON object keyed by mode, the text and function-call arguments it
 * got back. {@code usage: GenAiChat BASE_URL MESSAGE_FILE chat|async|stream|async-stream...}
 */
public final class GenAiChat {

  private static final String MODEL = "gemini-2.0-flash";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static void main(String[] args) throws Exception {
    String message = Files.readString(Path.of(args[1]));
    Client client = Client.builder()
        .apiKey("test-key-for-the-stand-in")
        .httpOptions(HttpOptions.builder().baseUrl(args[0]).build())
        .build();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 2; i < args.length; i++) {
      out.put(args[i], call(client, args[i], message));
    }
    System.out.println(JSON.writeValueAsString(out));
    System.out.flush();
    // OkHttp's idle threads would otherwise keep the JVM up for a minute.
    System.exit(0);
  }

  private static Map<String, Object> call(Client client, String mode, String message) throws Exception {
    List<GenerateContentResponse> responses = new ArrayList<>();
    switch (mode) {
      case "chat":
        responses.add(client.models.generateContent(MODEL, message, null));
        break;
      case "async":
        responses.add(client.async.models.generateContent(MODEL, message, null).get());
        break;
      case "stream":
        try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream(MODEL, message, null)) {
          stream.forEach(responses::add);
        }
        break;
      case "async-stream":
        try (ResponseStream<GenerateContentResponse> stream =
            client.async.models.generateContentStream(MODEL, message, null).get()) {
          stream.forEach(responses::add);
        }
        break;
      default:
        throw new IllegalArgumentException(mode);
    }
    StringBuilder text = new StringBuilder();
    List<String> arguments = new ArrayList<>();
    for (GenerateContentResponse response : responses) {
      String piece = response.text();
      if (piece != null) {
        text.append(piece);
      }
      List<FunctionCall> calls = response.functionCalls();
      for (FunctionCall call : calls == null ? List.<FunctionCall>of() : calls) {
        arguments.add(JSON.writeValueAsString(call.args().orElse(Map.of())));
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("chunks", responses.size());
    result.put("text", text.toString());
    result.put("arguments", arguments);
    return result;
  }

  private GenAiChat() {}
}
