package io.takumo.aegis.apps.jackson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An app that brings its own Jackson (2.17, older than the agent's) and builds and parses its
 * chat call with it. Prints the Jackson version it runs with, then the assistant's text.
 * {@code usage: JacksonChat URL MESSAGE_FILE}
 */
public final class JacksonChat {

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode request = json.createObjectNode().put("model", "gpt-4o-mini");
    request.putArray("messages").addObject().put("role", "user").put("content", Files.readString(Path.of(args[1])));
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(args[0]))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(request)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode reply = json.readTree(response.body());
    System.out.println("jackson " + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
    System.out.println(json.writeValueAsString(reply.at("/choices/0/message/content")));
  }

  private JacksonChat() {}
}
