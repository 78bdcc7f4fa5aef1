package io.takumo.aegis.apps.vertx5;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An ordinary app that opens a connection itself with Vert.x 5's {@code HttpClientAgent.connect}
 * and POSTs a body on it ({@code request} then {@code send}), writing the response body to stdout.
 * It knows nothing of the agent. Vert.x 5 only (Vert.x 4 has no {@code connect}): vertx4-app leaves
 * this package out.
 *
 * <pre>usage: ConnectCall MODE URL BODY_FILE [COUNT]</pre>
 *
 * Modes: {@code connect} (HTTP/1.1), {@code connect-h2} (HTTP/2 without TLS, by prior knowledge).
 * On failure it prints {@code EXCEPTION <class>: <message>} and exits with 3. With {@code COUNT}
 * it makes that many calls in a row, each on a connection of its own, each response body (or
 * {@code EXCEPTION <class>: <message>}) followed by {@code \n#### end of response ####\n}.
 */
public final class ConnectCall {

  public static void main(String[] args) throws Exception {
    boolean http2 = args[0].equals("connect-h2");
    URI url = URI.create(args[1]);
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    Vertx vertx = Vertx.vertx();
    HttpClientOptions options = new HttpClientOptions();
    if (http2) {
      options.setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(false);
    }
    HttpClientAgent client = vertx.createHttpClient(options);
    if (args.length > 3) {
      for (int i = 0, count = Integer.parseInt(args[3]); i < count; i++) {
        try {
          System.out.write(call(client, url, body));
        } catch (Exception e) {
          System.out.print("EXCEPTION " + cause(e));
        }
        System.out.print("\n#### end of response ####\n");
        System.out.flush();
      }
      System.exit(0);
    }
    try {
      System.out.write(call(client, url, body));
      System.out.flush();
      System.exit(0);
    } catch (Exception e) {
      System.out.println("EXCEPTION " + cause(e));
      System.out.flush();
      System.exit(3);
    }
  }

  private static byte[] call(HttpClientAgent client, URI url, byte[] body) throws Exception {
    HttpConnectOptions connect = new HttpConnectOptions().setHost(url.getHost()).setPort(url.getPort())
        .setSsl(url.getScheme().equals("https"));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setURI(url.getRawPath())
        .putHeader("Content-Type", "application/json");
    // body() is asked for inside the request's own callback, on the event loop (see VertxCall.stream).
    Future<Buffer> reply = client.connect(connect).compose((HttpClientConnection connection) -> connection.request(request))
        .compose(r -> r.send(Buffer.buffer(body)).compose(HttpClientResponse::body));
    return reply.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS).getBytes();
  }

  private static String cause(Exception e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof IOException)) {
      t = t.getCause();
    }
    return t.getClass().getName() + ": " + t.getMessage();
  }

  private ConnectCall() {}
}
