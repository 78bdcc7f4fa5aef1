package io.takumo.aegis.launcher;

/**
 * Recognises the JDK's own tools (jcmd, jps, keytool, javac, jshell, …). An agent set through
 * {@code JAVA_TOOL_OPTIONS} reaches every JVM on the host, these included; they never talk to LLM
 * providers, so the agent stays out of them.
 */
final class JdkTools {

  private static final String[] MAIN_CLASS_PREFIXES = {
    "sun.tools.", "sun.security.tools.", "com.sun.tools.", "jdk.internal.", "sun.jvm.hotspot.",
    "jdk.jfr.internal.", "jdk.jpackage.", "sun.rmi.registry.", "jdk.javadoc.",
  };

  private JdkTools() {}

  /** @param command the {@code sun.java.command} property: main class or module/class, then args */
  static boolean isJdkTool(String command) {
    if (command == null || command.isEmpty()) {
      return false;
    }
    String main = command.split(" ", 2)[0];
    int slash = main.indexOf('/');
    if (slash > 0) {
      // Launched from a module: the JDK's tools live in jdk.* modules.
      String module = main.substring(0, slash);
      if (module.startsWith("jdk.") || module.startsWith("java.")) {
        return true;
      }
      main = main.substring(slash + 1);
    }
    for (String prefix : MAIN_CLASS_PREFIXES) {
      if (main.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }
}
