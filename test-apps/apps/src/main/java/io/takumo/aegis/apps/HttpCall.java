package io.takumo.aegis.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * An ordinary app that POSTs a body to a URL with one of several HTTP clients and writes the
 * response body it reads to stdout, byte for byte. It knows nothing of the agent.
 *
 * <pre>usage: HttpCall CLIENT URL BODY_FILE [Header: value]...</pre>
 *
 * On failure it prints {@code EXCEPTION <class>: <message>} to stdout and exits with 3.
 */
public final class HttpCall {

  public static void main(String[] args) throws Exception {
    String client = args[0];
    URI uri = URI.create(args[1]);
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    List<String[]> headers = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split(":", 2);
      headers.add(new String[] {kv[0].trim(), kv[1].trim()});
    }
    PrintStream out = System.out;
    try {
      byte[] response = call(client, uri, body, headers);
      out.write(response);
      out.flush();
      // OkHttp's idle dispatcher threads would otherwise keep the JVM up for a minute.
      System.exit(0);
    } catch (Exception e) {
      Throwable t = e;
      while (t.getCause() != null && !(t instanceof IOException)) {
        t = t.getCause();
      }
      out.println("EXCEPTION " + t.getClass().getName() + ": " + t.getMessage());
      out.flush();
      System.exit(3);
    }
  }

  static byte[] call(String client, URI uri, byte[] body, List<String[]> headers) throws Exception {
    switch (client) {
      case "jdk-send":
        return jdk(HttpClient.Version.HTTP_2).send(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofByteArray()).body();
      case "jdk-redirects":
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build()
            .send(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofByteArray()).body();
      case "urlconnection-get":
        return urlConnectionGet(uri, headers);
      case "jdk-send-h1":
        return jdk(HttpClient.Version.HTTP_1_1).send(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofByteArray()).body();
      case "jdk-string":
        return jdk(HttpClient.Version.HTTP_1_1).send(jdkRequest(uri, body, headers, true), HttpResponse.BodyHandlers.ofString())
            .body().getBytes(StandardCharsets.UTF_8);
      case "jdk-async":
        return jdk(HttpClient.Version.HTTP_1_1).sendAsync(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofByteArray())
            .get(60, TimeUnit.SECONDS).body();
      case "jdk-lines": {
        StringBuilder s = new StringBuilder();
        jdk(HttpClient.Version.HTTP_1_1).send(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofLines())
            .body().forEach(line -> s.append(line).append('\n'));
        return s.toString().getBytes(StandardCharsets.UTF_8);
      }
      case "jdk-inputstream":
        try (InputStream in = jdk(HttpClient.Version.HTTP_1_1)
            .send(jdkRequest(uri, body, headers, true), HttpResponse.BodyHandlers.ofInputStream()).body()) {
          return readSlowly(in);
        }
      case "jdk-cancel": {
        // Stops reading a stream half-way, then makes the same call again on the same client.
        HttpClient jdk = jdk(HttpClient.Version.HTTP_1_1);
        InputStream in = jdk.send(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofInputStream()).body();
        in.readNBytes(100);
        in.close();
        return jdk.send(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofByteArray()).body();
      }
      case "jdk-publisher":
        return collectOneByOne(jdk(HttpClient.Version.HTTP_1_1)
            .send(jdkRequest(uri, body, headers, false), HttpResponse.BodyHandlers.ofPublisher()).body());
      case "urlconnection":
        return urlConnection(uri, body, headers, false);
      case "urlconnection-fixed":
        return urlConnection(uri, body, headers, true);
      case "okhttp":
        try (Response r = new OkHttpClient().newCall(okRequest(uri, body, headers)).execute()) {
          return r.body().bytes();
        }
      case "okhttp-async":
        return okAsync(uri, body, headers);
      default:
        throw new IllegalArgumentException("unknown client " + client);
    }
  }

  private static HttpClient jdk(HttpClient.Version version) {
    return HttpClient.newBuilder().version(version).build();
  }

  private static HttpRequest jdkRequest(URI uri, byte[] body, List<String[]> headers, boolean streamBody) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri)
        .POST(streamBody
            ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
            : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String[] h : headers) {
      b.header(h[0], h[1]);
    }
    return b.build();
  }

  /** Reads in small pieces, as a streaming consumer would. */
  private static byte[] readSlowly(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[7];
    int n;
    while ((n = in.read(buf)) != -1) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Subscribes with a demand of one item at a time. */
  private static byte[] collectOneByOne(Flow.Publisher<List<ByteBuffer>> publisher) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    publisher.subscribe(new Flow.Subscriber<>() {
      private Flow.Subscription s;

      @Override
      public void onSubscribe(Flow.Subscription subscription) {
        s = subscription;
        s.request(1);
      }

      @Override
      public void onNext(List<ByteBuffer> items) {
        for (ByteBuffer b : items) {
          byte[] chunk = new byte[b.remaining()];
          b.get(chunk);
          out.write(chunk, 0, chunk.length);
        }
        s.request(1);
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(t);
      }

      @Override
      public void onComplete() {
        done.complete(out.toByteArray());
      }
    });
    return done.get(60, TimeUnit.SECONDS);
  }

  /** A GET (the body file is not sent), following redirects as HttpURLConnection does by default. */
  private static byte[] urlConnectionGet(URI uri, List<String[]> headers) throws IOException {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    for (String[] h : headers) {
      c.setRequestProperty(h[0], h[1]);
    }
    try (InputStream in = c.getInputStream()) {
      return readSlowly(in);
    }
  }

  private static byte[] urlConnection(URI uri, byte[] body, List<String[]> headers, boolean fixedLength)
      throws IOException {
    URL url = uri.toURL();
    HttpURLConnection c = (HttpURLConnection) url.openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    if (fixedLength) {
      c.setFixedLengthStreamingMode(body.length);
    }
    for (String[] h : headers) {
      c.setRequestProperty(h[0], h[1]);
    }
    try (OutputStream os = c.getOutputStream()) {
      os.write(body);
    }
    int status = c.getResponseCode();
    try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
      return in == null ? new byte[0] : readSlowly(in);
    }
  }

  private static Request okRequest(URI uri, byte[] body, List<String[]> headers) {
    String contentType = "application/json";
    Request.Builder b = new Request.Builder().url(uri.toString());
    for (String[] h : headers) {
      if (h[0].equalsIgnoreCase("Content-Type")) {
        contentType = h[1];
      } else {
        b.header(h[0], h[1]);
      }
    }
    return b.post(RequestBody.create(body, MediaType.get(contentType))).build();
  }

  private static byte[] okAsync(URI uri, byte[] body, List<String[]> headers) throws Exception {
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    new OkHttpClient().newCall(okRequest(uri, body, headers)).enqueue(new Callback() {
      @Override
      public void onFailure(Call call, IOException e) {
        done.completeExceptionally(e);
      }

      @Override
      public void onResponse(Call call, Response response) {
        try (Response r = response) {
          done.complete(r.body().bytes());
        } catch (IOException e) {
          done.completeExceptionally(e);
        }
      }
    });
    return done.get(60, TimeUnit.SECONDS);
  }

  private HttpCall() {}
}
