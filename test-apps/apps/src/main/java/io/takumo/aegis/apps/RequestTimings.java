package io.takumo.aegis.apps;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Times chat requests to a stand-in provider on loopback: the first one, then the median of many,
 * and the median of the last quarter.
 * Run with and without the agent; the differences are what the agent adds.
 * {@code usage: RequestTimings BODY_BYTES REQUESTS [IDLE_MS]}: IDLE_MS waits before the first
 * request, as an app that starts up before its first provider call would.
 */
public final class RequestTimings {

  public static void main(String[] args) throws Exception {
    int bodyBytes = Integer.parseInt(args[0]);
    int requests = Integer.parseInt(args[1]);
    long idleMillis = args.length > 2 ? Long.parseLong(args[2]) : 0;
    // Without TCP_NODELAY the JDK server's separate header and body writes meet delayed ACKs.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    java.util.Set<Integer> clientPorts = java.util.concurrent.ConcurrentHashMap.newKeySet();
    server.createContext("/v1/chat/completions", exchange -> {
      clientPorts.add(exchange.getRemoteAddress().getPort());
      byte[] in = exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, in.length);
      exchange.getResponseBody().write(in);
      exchange.close();
    });
    server.start();
    URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    byte[] body = chatBody(bodyBytes);
    Thread.sleep(idleMillis);
    long[] nanos = new long[requests];
    for (int i = 0; i < requests; i++) {
      long t = System.nanoTime();
      HttpResponse<byte[]> r = client.send(
          HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      nanos[i] = System.nanoTime() - t;
      if (r.statusCode() != 200) {
        throw new IllegalStateException("status " + r.statusCode());
      }
    }
    server.stop(0);
    long first = nanos[0];
    long[] rest = Arrays.copyOfRange(nanos, Math.min(requests - 1, 50), requests);
    Arrays.sort(rest);
    // The last quarter: once the JIT has compiled the hot paths (the agent's take thousands of calls).
    long[] late = Arrays.copyOfRange(nanos, requests - Math.max(1, requests / 4), requests);
    Arrays.sort(late);
    System.out.printf("first request %.2f ms, median of requests 51..%d: %.3f ms, of the last quarter: %.3f ms"
        + " (%d connections)%n", first / 1e6, requests, rest[rest.length / 2] / 1e6, late[late.length / 2] / 1e6,
        clientPorts.size());
  }

  private static byte[] chatBody(int bytes) {
    String secrets = "OPENAI_API_KEY=sk-proj-Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXqZtUv3nMw9YrL2sPk4jHd8fGa6T3BlbkFJ\\n"
        + "AWS_ACCESS_KEY_ID=AKIAZ7QWERTYUIOP2345\\nDATABASE_URL=postgres://app:Tr0ub4dor&3@db.internal:5432/orders\\n";
    StringBuilder text = new StringBuilder(secrets);
    while (text.length() < bytes - 200) {
      text.append("The service retries the connection three times before giving up; see the logs below. ");
    }
    text.append(secrets);
    return ("{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private RequestTimings() {}
}
