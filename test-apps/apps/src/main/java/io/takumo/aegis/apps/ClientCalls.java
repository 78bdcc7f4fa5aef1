package io.takumo.aegis.apps;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An ordinary app that makes several calls in one JVM, each with one of {@link HttpCall}'s
 * clients, writing each response body (or {@code EXCEPTION <class>: <message>}) followed by
 * {@code \n#### end of response ####\n}. It knows nothing of the agent.
 *
 * <pre>usage: ClientCalls CLIENT URL BODY_FILE [CLIENT URL BODY_FILE]...</pre>
 */
public final class ClientCalls {

  public static void main(String[] args) throws Exception {
    List<String[]> headers = List.<String[]>of(new String[] {"Content-Type", "application/json"});
    PrintStream out = System.out;
    for (int i = 0; i + 2 < args.length; i += 3) {
      try {
        out.write(HttpCall.call(args[i], URI.create(args[i + 1]), Files.readAllBytes(Path.of(args[i + 2])), headers));
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
    // OkHttp's idle dispatcher threads would otherwise keep the JVM up for a minute.
    System.exit(0);
  }

  private ClientCalls() {}
}
