package io.takumo.aegis.server.cli;

/** A failure the CLI reports in one line with this exit code (2: bad input, 1: anything else). */
final class CliError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  static final int BAD_INPUT = 2;
  static final int FAILED = 1;

  final int exitCode;

  CliError(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }
}
