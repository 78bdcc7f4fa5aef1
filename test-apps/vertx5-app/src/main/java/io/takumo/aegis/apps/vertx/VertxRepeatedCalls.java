package io.takumo.aegis.apps.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary app that POSTs the same body {@code COUNT} times in a row with one Vert.x client
 * ({@code webclient}: one {@code WebClient}, {@code sendBuffer}; {@code stream}: one
 * {@code HttpClient}, {@code request} then {@code send}), writing each response body (or
 * {@code EXCEPTION <class>: <message>}) followed by {@code \n#### end of response ####\n}. It
 * knows nothing of the agent. {@code webclient-h2} and {@code stream-h2} are the same over HTTP/2
 * without TLS, by prior knowledge, each call on a client of its own (so on a connection of its
 * own: HTTP/2 shares one connection between a client's requests).
 *
 * <pre>usage: VertxRepeatedCalls MODE URL BODY_FILE COUNT</pre>
 */
public final class VertxRepeatedCalls {

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String url = args[1];
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    int count = Integer.parseInt(args[3]);
    PrintStream out = System.out;
    Vertx vertx = Vertx.vertx();
    WebClient web = WebClient.create(vertx);
    HttpClient http = vertx.createHttpClient();
    for (int i = 0; i < count; i++) {
      try {
        Future<Buffer> reply;
        if (mode.equals("webclient-h2")) {
          web = WebClient.create(vertx, new WebClientOptions(http2()));
        } else if (mode.equals("stream-h2")) {
          http = vertx.createHttpClient(http2());
        }
        if (mode.startsWith("webclient")) {
          reply = web.postAbs(url).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body))
              .map(response -> response.body());
        } else if (mode.startsWith("stream")) {
          RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
              .putHeader("Content-Type", "application/json");
          // body() is asked for inside the request's own callback, on the event loop: Vert.x drops
          // response chunks that arrive before a handler is set (see VertxCall.stream).
          reply = http.request(options).compose(request -> request.send(Buffer.buffer(body)).compose(HttpClientResponse::body));
        } else {
          throw new IllegalArgumentException("unknown mode " + mode);
        }
        out.write(reply.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).getBytes());
      } catch (Exception e) {
        Throwable t = e;
        while (t.getCause() != null && !(t instanceof IOException)) {
          t = t.getCause();
        }
        out.print("EXCEPTION " + t.getClass().getName() + ": " + t.getMessage());
      }
      out.print("\n#### end of response ####\n");
      out.flush();
    }
    System.exit(0);
  }

  private static HttpClientOptions http2() {
    return new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
  }

  private VertxRepeatedCalls() {}
}
