package io.takumo.aegis.apps.vertx;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An ordinary app that POSTs a body with Vert.x (4 or 5: it uses only the future-based API both
 * have) and writes the response body it reads to stdout. It knows nothing of the agent.
 *
 * <pre>usage: VertxCall MODE URL BODY_FILE [Header: value]...</pre>
 *
 * Modes: {@code webclient} ({@code WebClient.sendBuffer}), {@code stream} ({@code HttpClient},
 * response chunks written as they arrive), {@code chunked} (the request body written in three
 * chunks), {@code cancel} (a stream reset after its first chunk, then {@code stream} on the same
 * client); {@code webclient-h2}, {@code stream-h2} and {@code cancel-h2} (its second call on a new
 * client) are the same over HTTP/2 without TLS, by prior knowledge (h2c, no upgrade). On failure it prints
 * {@code EXCEPTION <class>: <message>} and exits with 3.
 */
public final class VertxCall {

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String url = args[1];
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    List<String[]> headers = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      String[] kv = args[i].split(":", 2);
      headers.add(new String[] {kv[0].trim(), kv[1].trim()});
    }
    PrintStream out = System.out;
    Vertx vertx = Vertx.vertx();
    try {
      run(vertx, mode, url, body, headers, out);
      out.flush();
      checkForLeaks();
      System.exit(0);
    } catch (Exception e) {
      Throwable t = e;
      while (t.getCause() != null && !(t instanceof java.io.IOException)) {
        t = t.getCause();
      }
      out.println("EXCEPTION " + t.getClass().getName() + ": " + t.getMessage());
      out.flush();
      System.exit(3);
    }
  }

  private static void run(Vertx vertx, String mode, String url, byte[] body, List<String[]> headers, PrintStream out)
      throws Exception {
    switch (mode) {
      case "webclient": {
        HttpRequest<Buffer> request = WebClient.create(vertx).postAbs(url).putHeader("Content-Type", "application/json");
        headers.forEach(kv -> request.putHeader(kv[0], kv[1]));
        out.write(await(request.sendBuffer(Buffer.buffer(body))).body().getBytes());
        return;
      }
      case "stream":
        stream(vertx.createHttpClient(), url, body, headers, out, false);
        return;
      case "webclient-h2": {
        WebClientOptions h2 = new WebClientOptions(http2Options());
        HttpRequest<Buffer> request = WebClient.create(vertx, h2).postAbs(url).putHeader("Content-Type", "application/json");
        headers.forEach(kv -> request.putHeader(kv[0], kv[1]));
        io.vertx.ext.web.client.HttpResponse<Buffer> response = await(request.sendBuffer(Buffer.buffer(body)));
        checkHttp2(response.version());
        out.write(response.body().getBytes());
        return;
      }
      case "stream-h2":
        stream(vertx.createHttpClient(http2Options()), url, body, headers, out, true);
        return;
      case "chunked": {
        HttpClient client = vertx.createHttpClient();
        HttpClientRequest request = await(client.request(options(url, headers)));
        // Asked for before the request goes out, so no chunk of it can arrive before body() listens.
        Future<Buffer> response = request.response().compose(HttpClientResponse::body);
        request.setChunked(true);
        int third = Math.max(1, body.length / 3);
        request.write(Buffer.buffer(body).getBuffer(0, third));
        request.write(Buffer.buffer(body).getBuffer(third, 2 * third));
        request.end(Buffer.buffer(body).getBuffer(2 * third, body.length));
        out.write(await(response).getBytes());
        return;
      }
      case "cancel":
      case "cancel-h2": {
        boolean http2 = mode.endsWith("-h2");
        HttpClient client = http2 ? vertx.createHttpClient(http2Options()) : vertx.createHttpClient();
        HttpClientRequest request = await(client.request(options(url, headers)));
        AtomicInteger chunks = new AtomicInteger();
        Future<Void> ended = request.response().compose(response -> {
          response.handler(chunk -> {
            if (chunks.incrementAndGet() == 1) {
              request.reset();
            }
          });
          return response.end();
        });
        request.end(Buffer.buffer(body));
        try {
          await(ended);
        } catch (Exception expected) {
          // The reset fails the response: that is what this mode does.
        }
        // HTTP/2: the stand-in provider (WireMock on Jetty) drops the connection after a stream reset in
        // about four runs in ten, agent or not, so the next call goes on a new client there.
        stream(http2 ? vertx.createHttpClient(http2Options()) : client, url, body, headers, out, http2);
        return;
      }
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private static RequestOptions options(String url, List<String[]> headers) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
        .putHeader("Content-Type", "application/json");
    headers.forEach(kv -> options.putHeader(kv[0], kv[1]));
    return options;
  }

  private static void stream(HttpClient client, String url, byte[] body, List<String[]> headers, PrintStream out,
      boolean http2) throws Exception {
    // The response handler is attached in a callback chained on the event loop, inside the request's
    // own callback: Vert.x drops response chunks that arrive before a handler is set, so a chain
    // built from the main thread could lose the first chunk (eclipse-vertx/vert.x#5825).
    Future<Void> ended = client.request(options(url, headers))
        .compose(request -> request.send(Buffer.buffer(body)).compose(response -> {
          if (http2) {
            checkHttp2(response.version());
          }
          response.handler(chunk -> {
            byte[] bytes = chunk.getBytes();
            out.write(bytes, 0, bytes.length);
            out.flush();
          });
          return response.end();
        }));
    await(ended);
  }

  private static HttpClientOptions http2Options() {
    return new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
  }

  private static void checkHttp2(HttpVersion version) {
    if (version != HttpVersion.HTTP_2) {
      throw new IllegalStateException("asked for HTTP/2, the exchange went over " + version);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  /** See ReactorNettyCall: with paranoid leak detection, collect, then allocate. */
  private static void checkForLeaks() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      for (int j = 0; j < 64; j++) {
        ByteBuf b = ByteBufAllocator.DEFAULT.buffer(16);
        b.release();
      }
    }
  }

  private VertxCall() {}
}
