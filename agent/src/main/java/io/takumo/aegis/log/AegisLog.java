package io.takumo.aegis.log;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The agent's own logger: one line per message, to stderr or a file, never through the app's
 * logging framework (touching java.util.logging or SLF4J from an agent initialises the app's
 * logging too early and can change its configuration).
 *
 * <p>Callers pass rule ids, counts, host names and token fingerprints; never a secret value.
 */
public final class AegisLog {

  /** Severity levels, most severe first. */
  public enum Level {
    ERROR,
    WARN,
    INFO,
    DEBUG;

    public static Level parse(String value) {
      // A loop, not valueOf: Enum.valueOf reflects on the enum the first time, in premain.
      String name = value.trim().toUpperCase(Locale.ROOT);
      for (Level level : values()) {
        if (level.name().equals(name)) {
          return level;
        }
      }
      throw new IllegalArgumentException(
          "log-level must be one of error, warn, info, debug, not '" + value + "'");
    }
  }

  private static final String PREFIX = "[takumo-aegis] ";

  private static volatile AegisLog global = new AegisLog(Level.INFO, System.err);

  private final Level threshold;
  private final PrintStream out;

  public AegisLog(Level threshold, PrintStream out) {
    this.threshold = threshold;
    this.out = out;
  }

  /**
   * Opens {@code path} for appending (created owner-only, see {@link OwnerOnlyFiles}), or returns a
   * logger to stderr if it cannot be opened.
   */
  public static AegisLog create(Level threshold, String path) {
    if (path == null || path.isEmpty() || path.equals("stderr")) {
      return new AegisLog(threshold, System.err);
    }
    try {
      OutputStream file = OwnerOnlyFiles.openForAppend(path);
      AegisLog log = new AegisLog(threshold, new PrintStream(file, true, StandardCharsets.UTF_8.name()));
      String shared = OwnerOnlyFiles.sharedModeWarning(path, "log file");
      if (shared != null) {
        log.warn(shared);
      }
      return log;
    } catch (IOException | RuntimeException e) {
      AegisLog fallback = new AegisLog(threshold, System.err);
      fallback.warn("cannot open log file " + path + " (" + e.getClass().getSimpleName() + "); logging to stderr");
      return fallback;
    }
  }

  public static AegisLog get() {
    return global;
  }

  public static void setGlobal(AegisLog log) {
    global = log;
  }

  public boolean isEnabled(Level level) {
    return level.compareTo(threshold) <= 0;
  }

  public void error(String message) {
    log(Level.ERROR, message);
  }

  public void warn(String message) {
    log(Level.WARN, message);
  }

  public void info(String message) {
    log(Level.INFO, message);
  }

  public void debug(String message) {
    log(Level.DEBUG, message);
  }

  private void log(Level level, String message) {
    if (isEnabled(level)) {
      // One println per message so concurrent lines never interleave mid-line.
      out.println(UtcTimestamp.format(System.currentTimeMillis()) + " " + PREFIX + level + " " + message);
    }
  }
}
