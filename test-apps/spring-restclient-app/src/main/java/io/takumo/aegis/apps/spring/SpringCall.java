package io.takumo.aegis.apps.spring;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

/**
 * An ordinary Spring app (Spring 7, or 6.2: the spring62-restclient-app module builds this same
 * source): POSTs JSON bodies with {@code RestClient} or {@code RestTemplate} over a chosen request
 * factory and writes each response body it reads to stdout, followed by {@link #END}. One run makes
 * several calls, each factory made once and reused.
 *
 * <pre>usage: SpringCall FACTORY/API URL BODY_FILE [FACTORY/API URL BODY_FILE]...</pre>
 *
 * FACTORY: {@code jdk}, {@code simple}, {@code jetty}, {@code apache5}, {@code reactor}. API:
 * {@code restclient} ({@code retrieve()}), {@code restclient-stream} ({@code exchange(...)}, the body
 * read line by line as an SSE consumer does), {@code resttemplate} ({@code exchange}),
 * {@code resttemplate-stream} ({@code execute} with a response extractor reading line by line). A
 * call that fails prints {@code EXCEPTION <class>: <message>} in place of the body.
 */
public final class SpringCall {

  public static final String END = "\n#### end of response ####\n";

  private static final Map<String, ClientHttpRequestFactory> FACTORIES = new HashMap<>();

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    for (int i = 0; i + 2 < args.length; i += 3) {
      String[] factoryAndApi = args[i].split("/", 2);
      byte[] body = Files.readAllBytes(Path.of(args[i + 2]));
      try {
        out.write(call(factory(factoryAndApi[0]), factoryAndApi[1], URI.create(args[i + 1]), body));
      } catch (Exception | LinkageError e) {
        out.print("EXCEPTION " + rootCause(e));
      }
      out.print(END);
      out.flush();
    }
    // Netty's and Jetty's threads would otherwise keep the JVM up.
    System.exit(0);
  }

  private static ClientHttpRequestFactory factory(String name) {
    return FACTORIES.computeIfAbsent(name, n -> {
      switch (n) {
        case "jdk":
          return new JdkClientHttpRequestFactory();
        case "simple":
          return new SimpleClientHttpRequestFactory();
        case "jetty":
          return new JettyClientHttpRequestFactory();
        case "apache5":
          return new HttpComponentsClientHttpRequestFactory();
        case "reactor":
          return new ReactorClientHttpRequestFactory();
        default:
          throw new IllegalArgumentException("unknown factory " + n);
      }
    });
  }

  private static byte[] call(ClientHttpRequestFactory factory, String api, URI uri, byte[] body) throws IOException {
    switch (api) {
      case "restclient":
        return RestClient.builder().requestFactory(factory).build()
            .post().uri(uri).contentType(MediaType.APPLICATION_JSON).body(body)
            .retrieve().body(byte[].class);
      case "restclient-stream":
        return RestClient.builder().requestFactory(factory).build()
            .post().uri(uri).contentType(MediaType.APPLICATION_JSON).accept(MediaType.TEXT_EVENT_STREAM).body(body)
            .exchange((request, response) -> readLines(response.getBody()));
      case "resttemplate":
        return new RestTemplate(factory)
            .exchange(RequestEntity.post(uri).contentType(MediaType.APPLICATION_JSON).body(body), byte[].class)
            .getBody();
      case "resttemplate-stream":
        return new RestTemplate(factory).execute(uri, HttpMethod.POST,
            request -> {
              request.getHeaders().setContentType(MediaType.APPLICATION_JSON);
              request.getBody().write(body);
            },
            response -> readLines(response.getBody()));
      default:
        throw new IllegalArgumentException("unknown API " + api);
    }
  }

  /** Reads as an SSE consumer does: line by line, as the lines arrive. */
  private static byte[] readLines(InputStream in) throws IOException {
    StringBuilder lines = new StringBuilder();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        lines.append(line).append('\n');
      }
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && !(t instanceof IOException)) {
      t = t.getCause();
    }
    return t.getClass().getName() + ": " + t.getMessage();
  }

  private SpringCall() {}
}
