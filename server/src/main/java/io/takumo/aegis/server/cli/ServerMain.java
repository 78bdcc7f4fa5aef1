package io.takumo.aegis.server.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code takumo-server}: the gateway and its admin CLI. */
@Command(name = "takumo-server", mixinStandardHelpOptions = true, versionProvider = ServerMain.Version.class,
    description = "The Takumo gateway server, its fleet coordinator and its admin CLI.",
    subcommands = {GatewayCommand.class, CoordinatorCommand.class, AdminCommand.class, CommandLine.HelpCommand.class})
public final class ServerMain {

  public static void main(String[] args) {
    // JUL (Vert.x, Netty) on one line per record, like the server's own log.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ [%3$s] %4$s %5$s%6$s%n");
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  static int run(String... args) {
    CommandLine cli = new CommandLine(new ServerMain());
    cli.setParameterExceptionHandler((e, arguments) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("takumo-server: " + e.getMessage() + " (see: takumo-server "
          + e.getCommandLine().getCommandSpec().qualifiedName(" ").replaceFirst("^takumo-server ?", "") + " --help)");
      return CliError.BAD_INPUT;
    });
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      PrintWriter err = commandLine.getErr();
      if (e instanceof CliError error) {
        err.println("takumo-server: " + error.getMessage());
        return error.exitCode;
      }
      if (e instanceof IllegalArgumentException) {
        err.println("takumo-server: " + e.getMessage());
        return CliError.BAD_INPUT;
      }
      err.println("takumo-server: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
      return CliError.FAILED;
    });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = ServerMain.class.getPackage().getImplementationVersion();
      return new String[] {"takumo-server " + (version != null ? version : "(development build)")};
    }
  }
}
