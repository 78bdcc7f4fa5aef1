package io.takumo.aegis.apps.apache4;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.concurrent.FutureCallback;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.InputStreamEntity;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.nio.client.CloseableHttpAsyncClient;
import org.apache.http.impl.nio.client.HttpAsyncClients;
import org.apache.http.nio.IOControl;
import org.apache.http.nio.client.methods.AsyncCharConsumer;
import org.apache.http.nio.client.methods.HttpAsyncMethods;
import org.apache.http.protocol.HttpContext;
import org.apache.http.util.EntityUtils;

/**
 * An ordinary app on Apache HttpClient 4.5 and HttpAsyncClient 4.1: POSTs JSON bodies with one of
 * their APIs and writes each response body it reads to stdout. It knows nothing of the agent.
 *
 * <pre>usage: Apache4Call MODE URL BODY_FILE [MODE URL BODY_FILE]...</pre>
 *
 * Each call's output starts with a line {@code #### MODE}; a call that fails prints
 * {@code EXCEPTION <class>: <message>} instead of a body. Modes: {@code classic} (response
 * handler), {@code classic-stream} (streamed request entity, response read line by line),
 * {@code classic-cancel} (stops reading half-way, then calls again), {@code legacy}
 * ({@code DefaultHttpClient}), {@code async} ({@code execute(HttpUriRequest, callback)}),
 * {@code async-callback} (the same, its result taken from a {@code FutureCallback}; the future
 * must end the same way),
 * {@code async-chars} (streaming {@code AsyncCharConsumer}), {@code async-cancel} (cancels a
 * streamed call at its first data, then calls again); {@code classic-303}, {@code legacy-303} and
 * {@code async-303} ({@code classic}, {@code legacy} and {@code async} with {@code X-Scenario: 303},
 * which a stand-in gateway answers with a redirect: HttpClient 4 follows a POST's 303 by default).
 */
public final class Apache4Call {

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    try (CloseableHttpClient classic = HttpClients.createDefault();
        CloseableHttpAsyncClient async = HttpAsyncClients.createDefault()) {
      async.start();
      Apache4Call app = new Apache4Call(classic, async);
      for (int i = 0; i + 2 < args.length; i += 3) {
        out.println("#### " + args[i]);
        try {
          out.write(app.call(args[i], args[i + 1], Files.readAllBytes(Path.of(args[i + 2]))));
        } catch (Exception e) {
          Throwable t = e;
          while (t.getCause() != null && !(t instanceof IOException)) {
            t = t.getCause();
          }
          out.print("EXCEPTION " + t.getClass().getName() + ": " + t.getMessage());
        }
        out.println();
        out.flush();
      }
    }
    System.exit(0);
  }

  private final CloseableHttpClient classic;
  private final CloseableHttpAsyncClient async;

  private Apache4Call(CloseableHttpClient classic, CloseableHttpAsyncClient async) {
    this.classic = classic;
    this.async = async;
  }

  @SuppressWarnings("deprecation")
  private byte[] call(String mode, String url, byte[] body) throws Exception {
    if (mode.endsWith("-303")) {
      HttpPost post = post(url, body);
      post.setHeader("X-Scenario", "303");
      return call(mode.substring(0, mode.length() - "-303".length()), post);
    }
    return call(mode, post(url, body));
  }

  @SuppressWarnings("deprecation")
  private byte[] call(String mode, HttpPost request) throws Exception {
    String url = request.getURI().toString();
    byte[] body = EntityUtils.toByteArray(request.getEntity());
    switch (mode) {
      case "classic":
        return classic.execute(request, response -> EntityUtils.toByteArray(response.getEntity()));
      case "classic-stream": {
        HttpPost post = new HttpPost(url);
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream(body), -1, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = classic.execute(post)) {
          return readLines(response.getEntity().getContent());
        }
      }
      case "classic-cancel": {
        try (CloseableHttpResponse response = classic.execute(post(url, body))) {
          byte[] half = new byte[100];
          response.getEntity().getContent().read(half);
        }
        return classic.execute(post(url, body), response -> EntityUtils.toByteArray(response.getEntity()));
      }
      case "legacy": {
        org.apache.http.impl.client.DefaultHttpClient legacy = new org.apache.http.impl.client.DefaultHttpClient();
        try {
          return EntityUtils.toByteArray(legacy.execute(request).getEntity());
        } finally {
          legacy.getConnectionManager().shutdown();
        }
      }
      case "async": {
        HttpResponse response = async.execute(request, null).get(60, TimeUnit.SECONDS);
        return EntityUtils.toByteArray(response.getEntity());
      }
      case "async-callback":
        return withCallback(post(url, body));
      case "async-chars": {
        StreamTiming timing = new StreamTiming();
        StringBuilder text = new StringBuilder();
        async.execute(HttpAsyncMethods.create(post(url, body)), charsConsumer(timing, text), null).get(60, TimeUnit.SECONDS);
        // With no charset in the Content-Type, the consumer decodes as HTTP's default, ISO-8859-1.
        return timing.after(text.toString().getBytes(StandardCharsets.ISO_8859_1));
      }
      case "async-cancel": {
        // Gives up on a streamed reply at its first data, then makes the same call again.
        StreamTiming abandoned = new StreamTiming();
        Future<String> call =
            async.execute(HttpAsyncMethods.create(post(url, body)), charsConsumer(abandoned, new StringBuilder()), null);
        abandoned.awaitFirstData();
        call.cancel(true);
        return call("async-chars", post(url, body));
      }
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /**
   * Takes the result from the callback; the returned future must have ended the same way (the
   * same body, or an exception of the same class and message), or the call fails.
   */
  private byte[] withCallback(HttpPost request) throws Exception {
    CompletableFuture<HttpResponse> viaCallback = new CompletableFuture<>();
    Future<HttpResponse> future = async.execute(request, new FutureCallback<HttpResponse>() {
      @Override
      public void completed(HttpResponse result) {
        viaCallback.complete(result);
      }

      @Override
      public void failed(Exception ex) {
        viaCallback.completeExceptionally(ex);
      }

      @Override
      public void cancelled() {
        viaCallback.cancel(false);
      }
    });
    String fromFuture;
    try {
      fromFuture = String.valueOf(System.identityHashCode(future.get(60, TimeUnit.SECONDS)));
    } catch (ExecutionException e) {
      fromFuture = e.getCause().toString();
    }
    try {
      HttpResponse response = viaCallback.get(60, TimeUnit.SECONDS);
      if (String.valueOf(System.identityHashCode(response)).equals(fromFuture)) {
        return EntityUtils.toByteArray(response.getEntity());
      }
      throw new IllegalStateException("the future and the callback got different responses");
    } catch (ExecutionException e) {
      if (e.getCause().toString().equals(fromFuture)) {
        throw e;
      }
      throw new IllegalStateException("the future and the callback ended differently: " + fromFuture + " / " + e.getCause());
    }
  }

  private static HttpPost post(String url, byte[] body) {
    HttpPost post = new HttpPost(url);
    post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
    return post;
  }

  /** A streaming consumer that appends what it decodes to {@code text}. */
  private static AsyncCharConsumer<String> charsConsumer(StreamTiming timing, StringBuilder text) {
    return new AsyncCharConsumer<String>() {
      @Override
      protected void onResponseReceived(HttpResponse response) {}

      @Override
      protected void onCharReceived(CharBuffer chars, IOControl ioControl) {
        if (chars.hasRemaining()) {
          timing.data();
        }
        text.append(chars);
      }

      @Override
      protected String buildResult(HttpContext context) {
        return text.toString();
      }
    };
  }

  /** Reads a response as a line-oriented consumer of an event stream does. */
  private static byte[] readLines(InputStream in) throws IOException {
    StreamTiming timing = new StreamTiming();
    StringBuilder s = new StringBuilder();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      timing.data();
      s.append(line).append('\n');
    }
    return timing.after(s.toString().getBytes(StandardCharsets.UTF_8));
  }
}
