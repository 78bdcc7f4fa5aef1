package io.takumo.aegis.apps.netty;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An ordinary app that makes the same {@link ReactorNettyCall} call {@code COUNT} times in a row,
 * writing each response body (or {@code EXCEPTION <class>: <message>}) followed by
 * {@code \n#### end of response ####\n}. It knows nothing of the agent.
 *
 * <pre>usage: ReactorNettyRepeatedCalls MODE URL BODY_FILE COUNT</pre>
 */
public final class ReactorNettyRepeatedCalls {

  public static void main(String[] args) throws Exception {
    byte[] body = Files.readAllBytes(Path.of(args[2]));
    int count = Integer.parseInt(args[3]);
    PrintStream out = System.out;
    for (int i = 0; i < count; i++) {
      try {
        ReactorNettyCall.run(args[0], args[1], body, List.of(), out);
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

  private ReactorNettyRepeatedCalls() {}
}
