package io.takumo.aegis.apps.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The README's demo: an ordinary app that sends a chat message full of secrets to a stand-in
 * provider on loopback (it echoes the message back, as JSON and as a stream), and prints what the
 * provider received next to what the app got back. Run it with and without the agent.
 */
public final class Demo {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MESSAGE = String.join("\n",
      "Why does my deploy fail? Config:",
      "OPENAI_API_KEY=sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ",
      "AWS_ACCESS_KEY_ID=AKIAZ7QWERTYUIOP2345",
      "DATABASE_URL=postgres://app:Tr0ub4dor&3@db.internal:5432/orders",
      "request id 123e4567-e89b-12d3-a456-426614174000 (not a secret)");

  public static void main(String[] args) throws Exception {
    AtomicReference<String> received = new AtomicReference<>();
    HttpServer provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    provider.createContext("/v1/chat/completions", exchange -> answer(exchange, received));
    provider.start();
    try {
      URI uri = URI.create("http://127.0.0.1:" + provider.getAddress().getPort() + "/v1/chat/completions");
      HttpClient client = HttpClient.newHttpClient();
      for (boolean stream : new boolean[] {false, true}) {
        ObjectNode request = JSON.createObjectNode().put("model", "gpt-4o-mini").put("stream", stream);
        request.putArray("messages").addObject().put("role", "user").put("content", MESSAGE);
        HttpResponse<String> response = client.send(
            HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request))).build(),
            HttpResponse.BodyHandlers.ofString());
        System.out.println("=== " + (stream ? "streamed (SSE)" : "plain JSON") + " ===");
        System.out.println("--- the provider received:");
        System.out.println(JSON.readTree(received.get()).at("/messages/0/content").asText());
        System.out.println("--- the app got back:");
        System.out.println(stream ? joinDeltas(response.body()) : JSON.readTree(response.body()).at("/choices/0/message/content").asText());
        System.out.println();
      }
    } finally {
      provider.stop(0);
    }
  }

  /** Echoes the user's message: as one completion, or as a stream of 6-character deltas. */
  private static void answer(HttpExchange exchange, AtomicReference<String> received) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.set(body);
    JsonNode request = JSON.readTree(body);
    String echo = "You said: " + request.at("/messages/0/content").asText();
    boolean stream = request.path("stream").asBoolean();
    exchange.getResponseHeaders().add("Content-Type", stream ? "text/event-stream" : "application/json");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      if (!stream) {
        ObjectNode reply = JSON.createObjectNode().put("object", "chat.completion");
        reply.putArray("choices").addObject().put("index", 0).putObject("message")
            .put("role", "assistant").put("content", echo);
        out.write(JSON.writeValueAsBytes(reply));
        return;
      }
      for (int i = 0; i < echo.length(); i += 6) {
        ObjectNode chunk = JSON.createObjectNode().put("object", "chat.completion.chunk");
        chunk.putArray("choices").addObject().put("index", 0).putObject("delta")
            .put("content", echo.substring(i, Math.min(echo.length(), i + 6)));
        out.write(("data: " + JSON.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
      out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String joinDeltas(String sse) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String line : sse.split("\n")) {
      if (line.startsWith("data: {")) {
        text.append(JSON.readTree(line.substring(6)).at("/choices/0/delta/content").asText());
      }
    }
    return text.toString();
  }

  private Demo() {}
}
