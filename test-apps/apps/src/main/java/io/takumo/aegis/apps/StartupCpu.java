package io.takumo.aegis.apps;

import java.lang.management.ManagementFactory;

/**
 * Prints the CPU time the main thread spent before {@code main} (JVM start-up, and an agent's
 * premain, which runs on that thread), in milliseconds. On a busy machine it varies far less than
 * wall time, and unlike the process's CPU time it leaves out the agent's background threads.
 */
public final class StartupCpu {

  public static void main(String[] args) {
    long cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    System.out.println(cpuNanos / 1_000_000);
  }

  private StartupCpu() {}
}
