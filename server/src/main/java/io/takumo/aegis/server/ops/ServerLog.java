package io.takumo.aegis.server.ops;

import java.time.Instant;

/** The server's own log: one line per event on stderr, never a key, a secret or a body. */
public final class ServerLog {
  private ServerLog() {
  }

  public static void info(String message) {
    line("INFO", message);
  }

  public static void warn(String message) {
    line("WARN", message);
  }

  public static void error(String message) {
    line("ERROR", message);
  }

  private static void line(String level, String message) {
    System.err.println(Instant.now() + " [takumo-server] " + level + " " + message);
  }
}
