package io.takumo.aegis.apps;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An ordinary multi-user app that knows nothing of the agent: it sends user A's request, then,
 * once user B's request shows up (a file that appears later: B learnt something out of band), user
 * B's, both with one of {@link HttpCall}'s clients in the same JVM. Each response body is followed
 * by {@code \n#### end of response ####\n}.
 *
 * <pre>usage: TwoUsers CLIENT URL A_BODY_FILE B_BODY_FILE</pre>
 */
public final class TwoUsers {

  private static final long WAIT_MILLIS = 60_000;

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[1]);
    List<String[]> headers = List.<String[]>of(new String[] {"Content-Type", "application/json"});
    PrintStream out = System.out;
    out.write(HttpCall.call(args[0], uri, Files.readAllBytes(Path.of(args[2])), headers));
    out.print("\n#### end of response ####\n");
    out.flush();
    Path b = Path.of(args[3]);
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (!Files.exists(b)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("user B's request never came");
      }
      Thread.sleep(20);
    }
    out.write(HttpCall.call(args[0], uri, Files.readAllBytes(b), headers));
    out.print("\n#### end of response ####\n");
    out.flush();
    System.exit(0);
  }

  private TwoUsers() {}
}
