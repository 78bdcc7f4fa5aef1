package io.takumo.aegis.server.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A provider on loopback (the JDK's own HTTP server, another stack than the gateway's) that
 * records what it receives and answers by a marker in the request body.
 */
final class StandInProvider implements AutoCloseable {
  record Received(String method, String uri, Map<String, List<String>> headers, String body) {
  }

  final List<Received> received = new CopyOnWriteArrayList<>();
  /** Released by a test: a held stream sends its second half. */
  volatile CountDownLatch release = new CountDownLatch(1);
  /** Counted down when a slow stream's write fails: the gateway cancelled the upstream request. */
  final CountDownLatch upstreamCancelled = new CountDownLatch(1);

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();

  StandInProvider() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange.getRequestHeaders().forEach(headers::put);
    String uri = exchange.getRequestURI().toString();
    received.add(new Received(exchange.getRequestMethod(), uri, headers, body));
    try {
      if (body.contains(EchoReplies.MARKER)) {
        echo(exchange, uri, body);
      } else if (body.contains("slow-stream")) {
        slowStream(exchange);
      } else if (body.contains("held-stream")) {
        heldStream(exchange);
      } else if (body.contains("provider-fails")) {
        send(exchange, 500, "application/json",
            "{\"error\":{\"message\":\"The server had an error while processing your request.\",\"type\":\"server_error\"}}");
      } else if (body.contains("provider-overloaded")) {
        send(exchange, 503, "application/json", "{\"error\":{\"message\":\"overloaded\",\"type\":\"overloaded_error\"}}");
      } else if (body.contains("provider-redirects")) {
        exchange.getResponseHeaders().add("Location", "https://elsewhere.example/v1/chat/completions");
        send(exchange, 307, "text/plain", "moved");
      } else if (body.contains("bad-request")) {
        send(exchange, 400, "application/json", "{\"error\":{\"message\":\"Invalid model\",\"type\":\"invalid_request_error\"}}");
      } else if (uri.startsWith("/v1/messages")) {
        send(exchange, 200, "application/json", "{\"id\":\"msg_1\",\"type\":\"message\",\"model\":\"claude-sonnet-4-5\","
            + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"usage\":{\"input_tokens\":1000,\"output_tokens\":100}}");
      } else if (uri.startsWith("/v1beta/")) {
        send(exchange, 200, "application/json", "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"hi\"}]}}],"
            + "\"usageMetadata\":{\"promptTokenCount\":1000,\"candidatesTokenCount\":1000}}");
      } else if (exchange.getRequestMethod().equals("GET")) {
        send(exchange, 200, "application/json", "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o\"}]}");
      } else {
        send(exchange, 200, "application/json", "{\"id\":\"c1\",\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"index\":0,"
            + "\"message\":{\"role\":\"assistant\",\"content\":\"hello\"}}],\"usage\":{\"prompt_tokens\":1000,\"completion_tokens\":500}}");
      }
    } finally {
      exchange.close();
    }
  }

  /** A reply quoting the request's token ({@link EchoReplies}); a stream is sent event by event. */
  private void echo(HttpExchange exchange, String uri, String body) throws IOException {
    boolean stream = EchoReplies.streams(uri, body);
    String token = EchoReplies.tokenIn(body);
    String reply = stream && body.contains(EchoReplies.SPLIT_MARKER) ? EchoReplies.splitChatStream(token)
        : EchoReplies.reply(uri, stream).replace("{T}", token);
    if (!stream) {
      send(exchange, 200, "application/json", reply);
      return;
    }
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    String separator = reply.contains("\r\n\r\n") ? "\r\n\r\n" : "\n\n";
    for (String event : reply.split(separator)) {
      write(out, event + separator);
    }
  }

  /** The first event, then (once released) the rest: OpenAI chat chunks with include_usage. */
  private void heldStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    write(out, "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"delta\":{\"content\":\"first\"}}]}\n\n");
    try {
      if (!release.await(20, TimeUnit.SECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    write(out, "data: {\"model\":\"gpt-4o-mini\",\"choices\":[{\"delta\":{\"content\":\"second\"}}]}\n\n");
    write(out, "data: {\"model\":\"gpt-4o-mini\",\"choices\":[],\"usage\":{\"prompt_tokens\":2000,\"completion_tokens\":1000}}\n\n");
    write(out, "data: [DONE]\n\n");
  }

  /** Events every 20 ms until a write fails (the gateway went away) or 20 s pass. */
  private void slowStream(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    OutputStream out = exchange.getResponseBody();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try {
      while (System.nanoTime() < end) {
        write(out, "data: {\"choices\":[{\"delta\":{\"content\":\"" + "x".repeat(512) + "\"}}]}\n\n");
        Thread.sleep(20);
      }
    } catch (IOException e) {
      upstreamCancelled.countDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.getResponseHeaders().add("X-Request-Id", "req_standin");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
