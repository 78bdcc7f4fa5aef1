package io.takumo.aegis.apps;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An ordinary app that makes several chat requests with {@code java.net.http}: first
 * {@code CONCURRENT} at once, then {@code SEQUENTIAL} one after another (each sequential one
 * carrying the next {@code X-Scenario} value, if given). For each it prints its status, the
 * rate-limit headers, its time and its body (base64), one line each; it knows nothing of the agent.
 *
 * <pre>usage: GatewayCalls URL BODY_FILE CONCURRENT SEQUENTIAL [SCENARIO,...] [Header: value]...</pre>
 *
 * A failed request prints {@code EXCEPTION <class>: <message>} and the app goes on.
 */
public final class GatewayCalls {

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    byte[] body = Files.readAllBytes(Path.of(args[1]));
    int concurrent = Integer.parseInt(args[2]);
    int sequential = Integer.parseInt(args[3]);
    int next = 4;
    String[] scenarios = new String[0];
    if (args.length > next && !args[next].contains(":")) {
      scenarios = args[next++].split(",");
    }
    List<String[]> headers = new ArrayList<>();
    for (int i = next; i < args.length; i++) {
      String[] kv = args[i].split(":", 2);
      headers.add(new String[] {kv[0].trim(), kv[1].trim()});
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    PrintStream out = System.out;
    List<CompletableFuture<String>> batch = new ArrayList<>();
    for (int i = 0; i < concurrent; i++) {
      long t = System.nanoTime();
      batch.add(client.sendAsync(request(uri, body, headers, null), HttpResponse.BodyHandlers.ofByteArray())
          .handle((r, e) -> line("concurrent", r, e, t)));
    }
    for (CompletableFuture<String> f : batch) {
      out.println(f.join());
    }
    for (int i = 0; i < sequential; i++) {
      String scenario = i < scenarios.length ? scenarios[i] : null;
      long t = System.nanoTime();
      try {
        HttpResponse<byte[]> r = client.send(request(uri, body, headers, scenario), HttpResponse.BodyHandlers.ofByteArray());
        out.println(line("sequential", r, null, t));
      } catch (Exception e) {
        out.println(line("sequential", null, e, t));
      }
    }
    out.flush();
    System.exit(0);
  }

  private static HttpRequest request(URI uri, byte[] body, List<String[]> headers, String scenario) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .header("Content-Type", "application/json");
    for (String[] h : headers) {
      b.header(h[0], h[1]);
    }
    if (scenario != null) {
      b.header("X-Scenario", scenario);
    }
    return b.build();
  }

  private static String line(String kind, HttpResponse<byte[]> r, Throwable e, long started) {
    double ms = (System.nanoTime() - started) / 1e6;
    if (r == null) {
      Throwable t = e;
      while (t.getCause() != null && !(t instanceof java.io.IOException)) {
        t = t.getCause();
      }
      return kind + " ms=" + ms + " EXCEPTION " + t.getClass().getName() + ": " + t.getMessage();
    }
    return kind + " ms=" + ms + " status=" + r.statusCode()
        + " retry-after=" + r.headers().firstValue("Retry-After").orElse("-")
        + " remaining=" + r.headers().firstValue("X-RateLimit-Remaining").orElse("-")
        + " body=" + Base64.getEncoder().encodeToString(r.body());
  }

  private GatewayCalls() {}
}
