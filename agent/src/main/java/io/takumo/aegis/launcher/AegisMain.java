package io.takumo.aegis.launcher;

/** The {@code java -jar takumo-aegis.jar} entry point: runs the CLI in the isolated loader. */
public final class AegisMain {

  private AegisMain() {}

  public static void main(String[] args) throws Throwable {
    ClassLoader loader = AgentJar.isolatedLoader(AgentJar.locate());
    Class<?> cli = Class.forName("io.takumo.aegis.cli.AegisCli", true, loader);
    int status = (Integer) cli.getMethod("run", String[].class).invoke(null, (Object) args);
    System.exit(status);
  }
}
