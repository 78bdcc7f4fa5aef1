package io.takumo.aegis.e2e;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** WireMock stand-ins for the providers on loopback, and helpers to read what they received. */
final class StandInProviders implements AutoCloseable {

  final WireMockServer server;

  StandInProviders() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().extensions(new FakeProvider()));
    server.start();
    server.stubFor(post(urlPathMatching("/v1/.*")).willReturn(aResponse().withTransformers(FakeProvider.NAME)));
    server.stubFor(post(urlPathMatching("/v1beta/models/.*")).willReturn(aResponse().withTransformers(FakeProvider.NAME)));
  }

  int port() {
    return server.port();
  }

  /** The provider-hosts entry that makes this stand-in a provider for the agent. */
  String hostEntry() {
    return "127.0.0.1:" + port();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** The bodies of the requests received that contain {@code marker}. */
  List<byte[]> received(String marker) {
    return server.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .map(r -> r.getBody())
        .filter(b -> new String(b, StandardCharsets.UTF_8).contains(marker))
        .collect(Collectors.toList());
  }

  /** Writes a chat request for the API at {@code path} to a temp file. */
  static Path requestFile(String path, String message, boolean stream) throws IOException {
    ObjectNode root = FakeProvider.JSON.createObjectNode();
    if (path.contains("/messages")) {
      root.put("model", "claude-haiku-4-5").put("max_tokens", 256);
    } else {
      root.put("model", "gpt-4o-mini");
    }
    root.put("stream", stream);
    root.putArray("messages").addObject().put("role", "user").put("content", message);
    return write(FakeProvider.JSON.writeValueAsBytes(root));
  }

  static Path write(byte[] body) throws IOException {
    Path file = Files.createTempFile("aegis-request", ".json");
    file.toFile().deleteOnExit();
    Files.write(file, body);
    return file;
  }

  @Override
  public void close() {
    server.stop();
  }
}
