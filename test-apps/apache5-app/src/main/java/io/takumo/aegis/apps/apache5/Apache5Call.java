package io.takumo.aegis.apps.apache5;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.AbstractCharResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;

/**
 * An ordinary app on Apache HttpClient 5: POSTs JSON bodies with one of its APIs and writes each
 * response body it reads to stdout. It knows nothing of the agent.
 *
 * <pre>usage: Apache5Call MODE URL BODY_FILE [MODE URL BODY_FILE]...</pre>
 *
 * Each call's output starts with a line {@code #### MODE}; a call that fails prints
 * {@code EXCEPTION <class>: <message>} instead of a body. Modes:
 * {@code classic} (response handler), {@code classic-stream} (streamed request entity, response
 * read line by line), {@code classic-cancel} (stops reading half-way, then calls again),
 * {@code async-simple} ({@code SimpleHttpRequest}), {@code async-callback} (the same, its result
 * taken from a {@code FutureCallback}; the future must end the same way), {@code async-chars} (streaming
 * {@code AbstractCharResponseConsumer}), {@code async-cancel} (cancels a streamed call at its
 * first data, then calls again), {@code h2-bytes} (HTTP/2 client, streaming
 * {@code AbstractBinResponseConsumer}); {@code classic-307} and {@code async-307} ({@code classic} and
 * {@code async-simple} with {@code X-Scenario: 307}, which a stand-in gateway answers with a
 * redirect: HttpClient 5 follows a POST's 307 by default).
 */
public final class Apache5Call {

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    try (CloseableHttpClient classic = HttpClients.createDefault();
        CloseableHttpAsyncClient async = HttpAsyncClients.createDefault();
        CloseableHttpAsyncClient h2 = HttpAsyncClients.createHttp2Default()) {
      async.start();
      h2.start();
      Apache5Call app = new Apache5Call(classic, async, h2);
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
  private final CloseableHttpAsyncClient h2;

  private Apache5Call(CloseableHttpClient classic, CloseableHttpAsyncClient async, CloseableHttpAsyncClient h2) {
    this.classic = classic;
    this.async = async;
    this.h2 = h2;
  }

  private byte[] call(String mode, String url, byte[] body) throws Exception {
    switch (mode) {
      case "classic": {
        HttpPost post = new HttpPost(url);
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return classic.execute(post, response -> EntityUtils.toByteArray(response.getEntity()));
      }
      case "classic-307": {
        HttpPost post = new HttpPost(url);
        post.setHeader("X-Scenario", "307");
        post.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return classic.execute(post, response -> EntityUtils.toByteArray(response.getEntity()));
      }
      case "classic-stream": {
        HttpPost post = new HttpPost(url);
        post.setEntity(new InputStreamEntity(new ByteArrayInputStream(body), -1, ContentType.APPLICATION_JSON));
        try (ClassicHttpResponse response = classic.executeOpen(null, post, null)) {
          return readLines(response.getEntity().getContent());
        }
      }
      case "classic-cancel": {
        HttpPost first = new HttpPost(url);
        first.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        try (ClassicHttpResponse response = classic.executeOpen(null, first, null)) {
          response.getEntity().getContent().readNBytes(100);
        }
        HttpPost again = new HttpPost(url);
        again.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
        return classic.execute(again, response -> EntityUtils.toByteArray(response.getEntity()));
      }
      case "async-simple": {
        SimpleHttpRequest request = SimpleRequestBuilder.post(url).setBody(body, ContentType.APPLICATION_JSON).build();
        return async.execute(request, null).get(60, TimeUnit.SECONDS).getBodyBytes();
      }
      case "async-307": {
        SimpleHttpRequest request = SimpleRequestBuilder.post(url).setHeader("X-Scenario", "307")
            .setBody(body, ContentType.APPLICATION_JSON).build();
        return async.execute(request, null).get(60, TimeUnit.SECONDS).getBodyBytes();
      }
      case "async-callback":
        return withCallback(SimpleRequestBuilder.post(url).setBody(body, ContentType.APPLICATION_JSON).build());
      case "async-chars": {
        StreamTiming timing = new StreamTiming();
        StringBuilder text = new StringBuilder();
        async.execute(charsRequest(url, body), charsConsumer(timing, text), null).get(60, TimeUnit.SECONDS);
        return timing.after(text.toString().getBytes(StandardCharsets.UTF_8));
      }
      case "async-cancel": {
        // Gives up on a streamed reply at its first data, then makes the same call again.
        StreamTiming abandoned = new StreamTiming();
        Future<String> call = async.execute(charsRequest(url, body), charsConsumer(abandoned, new StringBuilder()), null);
        abandoned.awaitFirstData();
        call.cancel(true);
        return call("async-chars", url, body);
      }
      case "h2-bytes": {
        StreamTiming timing = new StreamTiming();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        h2.execute(
            AsyncRequestBuilder.post(url).setEntity(AsyncEntityProducers.create(body, ContentType.APPLICATION_JSON)).build(),
            new AbstractBinResponseConsumer<byte[]>() {
              @Override
              protected void start(HttpResponse response, ContentType contentType) {}

              @Override
              protected int capacityIncrement() {
                return 1024;
              }

              @Override
              protected void data(ByteBuffer data, boolean endOfStream) {
                if (data.hasRemaining()) {
                  timing.data();
                }
                while (data.hasRemaining()) {
                  bytes.write(data.get());
                }
              }

              @Override
              protected byte[] buildResult() {
                return bytes.toByteArray();
              }

              @Override
              public void releaseResources() {}
            },
            null).get(60, TimeUnit.SECONDS);
        return timing.after(bytes.toByteArray());
      }
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  /**
   * Takes the result from the callback; the returned future must have ended the same way (the
   * same body, or an exception of the same class and message), or the call fails.
   */
  private byte[] withCallback(SimpleHttpRequest request) throws Exception {
    CompletableFuture<SimpleHttpResponse> viaCallback = new CompletableFuture<>();
    Future<SimpleHttpResponse> future = async.execute(request, new FutureCallback<SimpleHttpResponse>() {
      @Override
      public void completed(SimpleHttpResponse result) {
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
      fromFuture = new String(future.get(60, TimeUnit.SECONDS).getBodyBytes(), StandardCharsets.UTF_8);
    } catch (ExecutionException e) {
      fromFuture = e.getCause().toString();
    }
    String fromCallback;
    try {
      byte[] body = viaCallback.get(60, TimeUnit.SECONDS).getBodyBytes();
      fromCallback = new String(body, StandardCharsets.UTF_8);
      if (fromCallback.equals(fromFuture)) {
        return body;
      }
    } catch (ExecutionException e) {
      fromCallback = e.getCause().toString();
      if (fromCallback.equals(fromFuture)) {
        throw e;
      }
    }
    throw new IllegalStateException("the future and the callback ended differently: " + fromFuture + " / " + fromCallback);
  }

  private static AsyncRequestProducer charsRequest(String url, byte[] body) {
    return AsyncRequestBuilder.post(url).setEntity(AsyncEntityProducers.create(body, ContentType.APPLICATION_JSON)).build();
  }

  /** A streaming consumer that appends what it decodes to {@code text}. */
  private static AbstractCharResponseConsumer<String> charsConsumer(StreamTiming timing, StringBuilder text) {
    return new AbstractCharResponseConsumer<String>() {
      @Override
      protected void start(HttpResponse response, ContentType contentType) {}

      @Override
      protected int capacityIncrement() {
        return 1024;
      }

      @Override
      protected void data(CharBuffer chars, boolean endOfStream) {
        if (chars.hasRemaining()) {
          timing.data();
        }
        text.append(chars);
      }

      @Override
      protected String buildResult() {
        return text.toString();
      }

      @Override
      public void releaseResources() {}
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
