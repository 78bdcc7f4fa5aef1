package io.takumo.aegis.e2e;

/**
 * Where the two agents go and so in which order they start: the JVM starts the agents of
 * {@code JAVA_TOOL_OPTIONS} before those of the command line, each list in its own order.
 */
enum AgentPlacement {
  OTHER_FIRST_ON_COMMAND_LINE(true),
  AEGIS_FIRST_ON_COMMAND_LINE(false),
  /** The other agent injected through {@code JAVA_TOOL_OPTIONS} (the OpenTelemetry Operator's way), ours on the command line. */
  OTHER_IN_JAVA_TOOL_OPTIONS(true),
  /** Ours through {@code JAVA_TOOL_OPTIONS} (as the README rolls it out), the other on the command line. */
  AEGIS_IN_JAVA_TOOL_OPTIONS(false);

  final boolean otherFirst;

  AgentPlacement(boolean otherFirst) {
    this.otherFirst = otherFirst;
  }

  /** {@code runner} with both agents placed, and the other agent's own settings. */
  AppRunner apply(AppRunner runner, OtherAgent other) {
    String aegis = "-javaagent:" + AppRunner.AGENT_JAR;
    runner.withoutAgent();
    switch (this) {
      case OTHER_FIRST_ON_COMMAND_LINE:
        runner.jvmArg(other.javaagent()).jvmArg(aegis);
        break;
      case AEGIS_FIRST_ON_COMMAND_LINE:
        runner.jvmArg(aegis).jvmArg(other.javaagent());
        break;
      case OTHER_IN_JAVA_TOOL_OPTIONS:
        runner.env("JAVA_TOOL_OPTIONS", other.javaagent()).jvmArg(aegis);
        break;
      default:
        runner.env("JAVA_TOOL_OPTIONS", aegis).jvmArg(other.javaagent());
        break;
    }
    for (String property : other.properties) {
      runner.jvmArg(property);
    }
    return runner;
  }
}
