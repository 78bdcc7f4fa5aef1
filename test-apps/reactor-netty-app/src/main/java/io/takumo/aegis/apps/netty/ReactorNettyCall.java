package io.takumo.aegis.apps.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * An ordinary app that POSTs a body with Reactor Netty's {@code HttpClient} or Spring's
 * {@code WebClient} on it, and writes the response body it reads to stdout. It knows nothing of
 * the agent.
 *
 * <pre>usage: ReactorNettyCall MODE URL BODY_FILE [Header: value]...</pre>
 *
 * Modes: {@code netty} (whole body), {@code netty-chunked} (the request body sent in three
 * chunks), {@code netty-stream} (response chunks written as they arrive), {@code netty-h2c}
 * ({@code netty-stream} over HTTP/2 with prior knowledge), {@code webclient}
 * ({@code bodyToMono}), {@code webclient-sse} ({@code bodyToFlux(ServerSentEvent)}, written back
 * as SSE), {@code webclient-cancel} (a stream dropped after its first chunks, then
 * {@code webclient-sse} on the same client). On failure it prints
 * {@code EXCEPTION <class>: <message>} and exits with 3.
 */
public final class ReactorNettyCall {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

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
    try {
      run(mode, url, body, headers, out);
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

  static void run(String mode, String url, byte[] body, List<String[]> headers, PrintStream out)
      throws Exception {
    switch (mode) {
      case "netty":
        out.write(netty(headers).post().uri(url).send(Mono.fromCallable(() -> Unpooled.wrappedBuffer(body)))
            .responseContent().aggregate().asByteArray().block(TIMEOUT));
        return;
      case "netty-chunked":
        out.write(netty(headers).post().uri(url).send(Flux.fromIterable(thirds(body)).map(Unpooled::wrappedBuffer))
            .responseContent().aggregate().asByteArray().block(TIMEOUT));
        return;
      case "netty-stream":
        netty(headers).post().uri(url).send(Mono.fromCallable(() -> Unpooled.wrappedBuffer(body)))
            .responseContent().asByteArray()
            .doOnNext(chunk -> { out.write(chunk, 0, chunk.length); out.flush(); })
            .blockLast(TIMEOUT);
        return;
      case "netty-h2c":
        // HTTP/2 with prior knowledge, on a plain connection; response chunks written as they arrive.
        netty(headers).protocol(HttpProtocol.H2C).post().uri(url).send(Mono.fromCallable(() -> Unpooled.wrappedBuffer(body)))
            .responseContent().asByteArray()
            .doOnNext(chunk -> { out.write(chunk, 0, chunk.length); out.flush(); })
            .blockLast(TIMEOUT);
        return;
      case "webclient":
        out.write(post(webClient(), url, body, headers).retrieve().bodyToMono(byte[].class).block(TIMEOUT));
        return;
      case "webclient-sse":
        sse(webClient(), url, body, headers, out);
        return;
      case "webclient-cancel": {
        WebClient client = webClient();
        // Takes the first chunks of a stream, then cancels: Reactor Netty drops the connection.
        List<DataBuffer> firstChunks = post(client, url, body, headers).retrieve().bodyToFlux(DataBuffer.class)
            .take(2).collectList().block(TIMEOUT);
        firstChunks.forEach(DataBufferUtils::release);
        sse(client, url, body, headers, out);
        return;
      }
      default:
        throw new IllegalArgumentException("unknown mode " + mode);
    }
  }

  private static HttpClient netty(List<String[]> headers) {
    return HttpClient.create().headers(h -> {
      h.set("Content-Type", "application/json");
      for (String[] kv : headers) {
        h.set(kv[0], kv[1]);
      }
    });
  }

  private static WebClient webClient() {
    return WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create())).build();
  }

  private static WebClient.RequestHeadersSpec<?> post(WebClient client, String url, byte[] body, List<String[]> headers) {
    return client.post().uri(url).contentType(MediaType.APPLICATION_JSON)
        .headers(h -> headers.forEach(kv -> h.set(kv[0], kv[1])))
        .bodyValue(body);
  }

  /** Reads a stream event by event, and writes each event back out in SSE form. */
  private static void sse(WebClient client, String url, byte[] body, List<String[]> headers, PrintStream out) {
    post(client, url, body, headers).retrieve()
        .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() {})
        .doOnNext(event -> {
          StringBuilder s = new StringBuilder();
          if (event.event() != null) {
            s.append("event: ").append(event.event()).append('\n');
          }
          s.append("data: ").append(event.data()).append("\n\n");
          out.print(s);
          out.flush();
        })
        .blockLast(TIMEOUT);
  }

  private static List<byte[]> thirds(byte[] body) {
    int third = Math.max(1, body.length / 3);
    return List.of(Arrays.copyOfRange(body, 0, third), Arrays.copyOfRange(body, third, 2 * third),
        Arrays.copyOfRange(body, 2 * third, body.length));
  }

  /**
   * With {@code -Dio.netty.leakDetection.level=paranoid}, Netty reports a buffer collected
   * unreleased ("LEAK:" on stderr) when a later buffer is allocated: collect, then allocate.
   */
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

  private ReactorNettyCall() {}
}
