package io.takumo.aegis.instrument;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JDK HTTP server on 127.0.0.1 standing in for a provider. It records each request; {@code /sse}
 * sends one event, then the second only after {@link #releaseSecondEvent()}; {@code /error}
 * answers 400; anything else answers a small JSON body with a Content-Length.
 */
public final class LocalServer implements AutoCloseable {

  /** One request as the server got it. */
  public static final class Received {
    public final String path;
    public final String contentLength;
    public final String contentType;
    public final String contentEncoding;
    /** The agent's route ticket header, which must never reach a server. */
    public final String routeTicket;
    public final byte[] body;

    Received(HttpExchange exchange, byte[] body) {
      this.path = exchange.getRequestURI().getPath();
      this.contentLength = exchange.getRequestHeaders().getFirst("Content-Length");
      this.contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      this.contentEncoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
      this.routeTicket = exchange.getRequestHeaders().getFirst(io.takumo.aegis.instrument.RouteTickets.HEADER);
      this.body = body;
    }

    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  public static final String REPLY = "{\"id\":\"chatcmpl-1\",\"content\":\"hello\"}";

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch secondEvent = new CountDownLatch(1);

  public LocalServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public List<Received> received() {
    return received;
  }

  public Received last() {
    return received.get(received.size() - 1);
  }

  public void releaseSecondEvent() {
    secondEvent.countDown();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    received.add(new Received(exchange, body));
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/sse")) {
      exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write("data: {\"n\":1}\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        awaitSecondEvent();
        out.write("data: {\"n\":2}\n\n".getBytes(StandardCharsets.UTF_8));
      }
      return;
    }
    byte[] reply = REPLY.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(path.equals("/error") ? 400 : 200, reply.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(reply);
    }
  }

  private void awaitSecondEvent() {
    try {
      secondEvent.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
