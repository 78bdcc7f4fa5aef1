package io.takumo.aegis.launcher;

import java.io.File;
import java.lang.instrument.Instrumentation;

/**
 * The {@code -javaagent} entry point. It loads on the app's class path, so it stays tiny and uses
 * only the JDK: it checks the enable switch and whether this JVM is a JDK tool, then hands over to
 * the agent in its isolated class loader.
 */
public final class AegisAgent {

  private AegisAgent() {}

  public static void premain(String args, Instrumentation inst) {
    start(inst);
  }

  public static void agentmain(String args, Instrumentation inst) {
    start(inst);
  }

  private static void start(Instrumentation inst) {
    try {
      if (isDisabled()) {
        return;
      }
      if (JdkTools.isJdkTool(System.getProperty("sun.java.command"))) {
        return;
      }
      File jar = AgentJar.locate();
      ClassLoader loader = AgentJar.isolatedLoader(jar);
      // The installer puts the bridge classes in the bootstrap loader itself, once it needs them.
      Class<?> installer = Class.forName("io.takumo.aegis.agent.AgentInstaller", true, loader);
      installer.getMethod("install", Instrumentation.class, String.class).invoke(null, inst, jar.getPath());
    } catch (Throwable t) {
      // Never take the app down with us.
      System.err.println("[takumo-aegis] ERROR the agent did not start and is inactive: " + t);
    }
  }

  /** The enable switch, read here too so a disabled agent loads nothing at all. */
  private static boolean isDisabled() {
    String value = System.getProperty("takumo.aegis.enabled");
    if (value == null) {
      value = System.getenv("TAKUMO_AEGIS_ENABLED");
    }
    return value != null && value.trim().equalsIgnoreCase("false");
  }
}
