package io.takumo.aegis.apps;

import java.util.logging.LogManager;

/**
 * An app that installs its own java.util.logging LogManager in main(), as application servers
 * do, after a pause, then makes a provider call. Prints the LogManager in effect.
 * {@code usage: LogManagerApp PAUSE_MS CLIENT URL BODY_FILE}
 */
public final class LogManagerApp {

  /** The app's own LogManager. */
  public static final class AppLogManager extends LogManager {}

  public static void main(String[] args) throws Exception {
    Thread.sleep(Long.parseLong(args[0]));
    System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
    System.out.println(LogManager.getLogManager().getClass().getName());
    HttpCall.main(java.util.Arrays.copyOfRange(args, 1, args.length));
  }

  private LogManagerApp() {}
}
