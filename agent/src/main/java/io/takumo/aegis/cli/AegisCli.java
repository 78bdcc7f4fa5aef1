package io.takumo.aegis.cli;

import java.io.PrintStream;

/** {@code takumo-aegis COMMAND ...}: the CLI that ships in the agent jar. */
public final class AegisCli {

  static final int OK = 0;
  /** Also: a doctor check failed. */
  static final int FINDINGS = 1;
  static final int USAGE = 2;

  private static final String USAGE_TEXT =
      "usage: takumo-aegis scan PATH...   show the secrets the agent would tokenize (scan --help)\n"
          + "       takumo-aegis doctor         check the gateway set-up: settings, DNS, connection, handshake, API key\n"
          + "       takumo-aegis doctor --pid PID   check the agent in a running JVM: every client class woven\n"
          + "       takumo-aegis version        print the version";

  private AegisCli() {}

  /** Runs a command; returns the process exit code. */
  public static int run(String[] args) {
    // UTF-8 whatever the locale: JSON and SARIF must be, and previews end in '…'
    PrintStream out = new PrintStream(
        new java.io.BufferedOutputStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false,
        java.nio.charset.StandardCharsets.UTF_8);
    try {
      return run(args, out, System.err);
    } finally {
      out.flush();
    }
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.in, System.getProperties(), System.getenv());
  }

  /** As {@link #run(String[])}, on the given streams, system properties and environment. */
  static int run(String[] args, PrintStream out, PrintStream err, java.io.InputStream in,
      java.util.Map<?, ?> systemProperties, java.util.Map<String, String> environment) {
    if (args.length == 0) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    switch (args[0]) {
      case "scan":
        return new ScanCommand(out, err, in, systemProperties, environment).run(java.util.Arrays.copyOfRange(args, 1, args.length));
      case "doctor":
        return new DoctorCommand(out, err, systemProperties, environment)
            .run(java.util.Arrays.copyOfRange(args, 1, args.length));
      case "version":
      case "--version":
        out.println("takumo-aegis " + version());
        return OK;
      case "help":
      case "--help":
      case "-h":
        out.println(USAGE_TEXT);
        return OK;
      default:
        err.println("unknown command '" + args[0] + "'\n" + USAGE_TEXT);
        return USAGE;
    }
  }

  static String version() {
    String v = AegisCli.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
