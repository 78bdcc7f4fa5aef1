package io.takumo.aegis.apps.jetty;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.OutputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.StringRequestContent;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;

/**
 * An ordinary app on Jetty's {@code HttpClient} 12: POSTs JSON bodies and writes each response body
 * it reads to stdout, byte for byte, followed by {@link #END}. One run makes several calls, on one
 * client, so one JVM serves several test cases.
 *
 * <pre>usage: JettyCall MODE URL BODY_FILE [MODE URL BODY_FILE]...</pre>
 *
 * <ul>
 *   <li>{@code sync}: {@code send()} with a {@code StringRequestContent};
 *   <li>{@code async}: {@code send(Response.Listener)} with a {@code BytesRequestContent}, the body
 *       collected from {@code onContent} callbacks;
 *   <li>{@code stream}: an {@code InputStreamResponseListener} read line by line, the request body
 *       written into an {@code OutputStreamRequestContent} after {@code send}, as Spring does;
 *   <li>{@code length}: an {@code InputStreamResponseListener} read to its end, then checked against
 *       the response's {@code Content-Length}, as a client that frames the body by it (Spring's
 *       converters read exactly that many bytes) relies on; a mismatch fails the call;
 *   <li>{@code cancel}: an {@code InputStreamResponseListener} closed after 100 bytes, then the same
 *       call again with {@code sync};
 *   <li>{@code sync-307}: {@code sync} with {@code X-Scenario: 307}, which a stand-in gateway
 *       answers with a redirect; Jetty follows redirects by default;
 *   <li>{@code h2c-}<i>mode</i>: any of the above on a second client that speaks HTTP/2 in clear
 *       text (prior knowledge); a response that is not HTTP/2 fails the call.
 * </ul>
 *
 * A call that fails prints {@code EXCEPTION <class>: <message>} in place of the body.
 */
public final class JettyCall {

  public static final String END = "\n#### end of response ####\n";

  private static final String H2C = "h2c-";

  public static void main(String[] args) throws Exception {
    HttpClient client = new HttpClient();
    client.start();
    HttpClient h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client()));
    h2c.start();
    PrintStream out = System.out;
    for (int i = 0; i + 2 < args.length; i += 3) {
      byte[] body = Files.readAllBytes(Path.of(args[i + 2]));
      try {
        out.write(args[i].startsWith(H2C)
            ? call(h2c, args[i].substring(H2C.length()), args[i + 1], body)
            : call(client, args[i], args[i + 1], body));
      } catch (Exception e) {
        out.print("EXCEPTION " + rootCause(e));
      }
      out.print(END);
      out.flush();
    }
    client.stop();
    h2c.stop();
    System.exit(0);
  }

  private static byte[] call(HttpClient client, String mode, String url, byte[] body) throws Exception {
    Request request = client.newRequest(url).method(HttpMethod.POST).timeout(60, TimeUnit.SECONDS);
    if (client.getTransport() instanceof HttpClientTransportOverHTTP2) {
      request.onResponseBegin(response -> {
        if (response.getVersion() != HttpVersion.HTTP_2) {
          response.abort(new java.io.IOException("the response came over " + response.getVersion() + ", not HTTP/2"));
        }
      });
    }
    switch (mode) {
      case "sync-307":
        request.headers(h -> h.put("X-Scenario", "307"));
        return request.body(new StringRequestContent("application/json", new String(body, StandardCharsets.UTF_8)))
            .send().getContent();
      case "sync":
        return request.body(new StringRequestContent("application/json", new String(body, StandardCharsets.UTF_8)))
            .send().getContent();
      case "async":
        return async(request.body(new BytesRequestContent("application/json", body)));
      case "stream":
        return stream(request, body);
      case "length":
        return readAndCheckLength(request, body);
      case "cancel":
        return cancelThenCallAgain(client, request, url, body);
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private static byte[] async(Request request) throws Exception {
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    CompletableFuture<byte[]> done = new CompletableFuture<>();
    request.send(new Response.Listener() {
      @Override
      public void onContent(Response response, ByteBuffer content) {
        byte[] chunk = new byte[content.remaining()];
        content.get(chunk);
        received.write(chunk, 0, chunk.length);
      }

      @Override
      public void onComplete(Result result) {
        if (result.isFailed()) {
          done.completeExceptionally(result.getFailure());
        } else {
          done.complete(received.toByteArray());
        }
      }
    });
    return done.get(60, TimeUnit.SECONDS);
  }

  private static byte[] stream(Request request, byte[] body) throws Exception {
    OutputStreamRequestContent content = new OutputStreamRequestContent("application/json");
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.body(content).send(listener);
    try (OutputStream os = content.getOutputStream()) {
      // In pieces, as a serializer writes.
      for (int off = 0; off < body.length; off += 100) {
        os.write(body, off, Math.min(100, body.length - off));
      }
    }
    listener.get(60, TimeUnit.SECONDS);
    StringBuilder lines = new StringBuilder();
    try (InputStream in = listener.getInputStream();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.append(line).append('\n');
      }
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads the whole body, then compares it with the {@code Content-Length} the response shows at
   * that point (Jetty sets one once it has decoded a gzip body): an app that read exactly that many
   * bytes would have got the body cut short, or waited for bytes that never come.
   */
  private static byte[] readAndCheckLength(Request request, byte[] body) throws Exception {
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.body(new BytesRequestContent("application/json", body)).send(listener);
    Response response = listener.get(60, TimeUnit.SECONDS);
    byte[] read;
    try (InputStream in = listener.getInputStream()) {
      read = in.readAllBytes();
    }
    long length = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (length != -1 && length != read.length) {
      throw new java.io.IOException("Content-Length says " + length + " bytes, the body has " + read.length);
    }
    return read;
  }

  /** Stops reading a stream half-way and closes it, then makes the same call again on the same client. */
  private static byte[] cancelThenCallAgain(HttpClient client, Request request, String url, byte[] body) throws Exception {
    InputStreamResponseListener listener = new InputStreamResponseListener();
    request.body(new BytesRequestContent("application/json", body)).send(listener);
    listener.get(60, TimeUnit.SECONDS);
    InputStream in = listener.getInputStream();
    in.readNBytes(100);
    in.close();
    return call(client, "sync", url, body);
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof java.io.IOException)) {
      t = t.getCause();
    }
    return t.getClass().getName() + ": " + t.getMessage();
  }

  private JettyCall() {}
}
