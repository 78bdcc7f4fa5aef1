package io.takumo.aegis.apps;

/** The smallest app: for timing JVM start-up with and without the agent. */
public final class Hello {

  public static void main(String[] args) {
    System.out.println("hello");
  }

  private Hello() {}
}
