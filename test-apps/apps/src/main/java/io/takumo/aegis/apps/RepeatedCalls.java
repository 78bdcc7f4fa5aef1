package io.takumo.aegis.apps;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An ordinary app that makes the same call {@code COUNT} times in a row with one of
 * {@link HttpCall}'s clients, writing each response body (or {@code EXCEPTION <class>: <message>})
 * followed by {@code \n#### end of response ####\n}. It knows nothing of the agent.
 *
 * <pre>usage: RepeatedCalls CLIENT URL BODY_FILE COUNT</pre>
 */
public final class RepeatedCalls {

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[1]);
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    int count = Integer.parseInt(args[3]);
    List<String[]> headers = List.<String[]>of(new String[] {"Content-Type", "application/json"});
    PrintStream out = System.out;
    for (int i = 0; i < count; i++) {
      try {
        out.write(HttpCall.call(args[0], uri, body, headers));
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

  private RepeatedCalls() {}
}
