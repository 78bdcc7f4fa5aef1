package io.takumo.aegis.server.cli;

import java.util.concurrent.CountDownLatch;

/** Keeps a server command's main thread until the JVM is asked to stop (SIGTERM, SIGINT), then stops the server. */
final class RunUntilStopped {

  /** How the server stops: it may wait for requests in flight. */
  interface Stop {
    void run() throws InterruptedException;
  }

  private RunUntilStopped() {
  }

  /** Returns 0 once {@code stop} has run in the shutdown hook named {@code threadName}. */
  static int await(String threadName, Stop stop) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        stop.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        stopped.countDown();
      }
    }, threadName));
    stopped.await();
    return 0;
  }
}
