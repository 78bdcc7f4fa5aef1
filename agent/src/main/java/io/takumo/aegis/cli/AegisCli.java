package io.takumo.aegis.cli;

import java.io.PrintStream;

/** {@code takumo-aegis COMMAND ...}: the CLI that ships in the agent jar. */
public final class AegisCli {

  static final int OK = 0;
  /** Also: a doctor check failed. */
  static final int FINDINGS = 1;
  static final int USAGE = 2;

  private static final String USAGE_TEXT =
      "usage: takumo-aegis scan PATH...   show the secrets the agent would tokenize\n"
          + "       takumo-aegis doctor         check the gateway set-up: settings, DNS, connection, handshake, API key\n"
          + "       takumo-aegis version        print the version";

  private AegisCli() {}

  /** Runs a command; returns the process exit code. */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE_TEXT);
      return USAGE;
    }
    switch (args[0]) {
      case "scan":
        return new ScanCommand(out, err).run(java.util.Arrays.copyOfRange(args, 1, args.length));
      case "doctor":
        return new DoctorCommand(out, err, System.getProperties(), System.getenv())
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

  private static String version() {
    String v = AegisCli.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
