package io.takumo.aegis.apps;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * An ordinary app that makes many provider calls at once, each on its own virtual thread (JDK 21+),
 * with the JDK's {@code HttpClient}, {@code HttpURLConnection} and OkHttp, half plain JSON and half
 * streamed. For each call it prints a header line, then the response body it read:
 *
 * <pre>=== CLIENT INDEX virtual=true|false
 * BODY</pre>
 *
 * <pre>usage: VirtualThreadCalls CHAT_URL CHAT_BODY_FILE STREAM_URL STREAM_BODY_FILE CALLS_PER_CLIENT</pre>
 */
public final class VirtualThreadCalls {

  private static final String[] CLIENTS = {"jdk-send", "urlconnection", "okhttp"};

  public static void main(String[] args) throws Exception {
    URI chat = URI.create(args[0]);
    byte[] chatBody = Files.readAllBytes(Path.of(args[1]));
    URI stream = URI.create(args[2]);
    byte[] streamBody = Files.readAllBytes(Path.of(args[3]));
    int calls = Integer.parseInt(args[4]);
    List<String[]> headers = new ArrayList<>();
    headers.add(new String[] {"Content-Type", "application/json"});

    // Through reflection so that the app compiles for Java 17 and runs its calls on virtual threads on 21+.
    ExecutorService executor =
        (ExecutorService) java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    List<Future<String>> results = new ArrayList<>();
    for (String client : CLIENTS) {
      for (int i = 0; i < calls; i++) {
        boolean streamed = i % 2 == 1;
        String header = "=== " + client + " " + i + " virtual=";
        results.add(executor.submit(() -> {
          byte[] reply = HttpCall.call(client, streamed ? stream : chat, streamed ? streamBody : chatBody, headers);
          return header + isVirtual(Thread.currentThread()) + "\n" + new String(reply, StandardCharsets.UTF_8);
        }));
      }
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    for (Future<String> result : results) {
      out.println(result.get());
    }
    executor.shutdown();
    // OkHttp's idle dispatcher threads would otherwise keep the JVM up for a minute.
    System.exit(0);
  }

  private static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
    return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
  }
}
