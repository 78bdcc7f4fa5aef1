package io.takumo.aegis.apps.apache5;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * When a streamed response's first data and its end arrived, so a test can tell an event stream
 * read as it comes from one held back until its end. Written after an event stream as an SSE
 * comment line, which event-stream readers skip.
 */
final class StreamTiming {

  private final long start = System.nanoTime();
  private final CountDownLatch firstDataSeen = new CountDownLatch(1);
  private volatile long firstData = -1;

  void data() {
    if (firstData < 0) {
      firstData = System.nanoTime();
      firstDataSeen.countDown();
    }
  }

  void awaitFirstData() throws InterruptedException, TimeoutException {
    if (!firstDataSeen.await(60, TimeUnit.SECONDS)) {
      throw new TimeoutException("no data in 60 s");
    }
  }

  /** The body followed, if it is an event stream, by {@code : first-data-ms=F end-ms=E}. */
  byte[] after(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (!text.startsWith("data:") && !text.startsWith("event:")) {
      return body;
    }
    long end = System.nanoTime();
    String line = ": first-data-ms=" + (firstData - start) / 1_000_000 + " end-ms=" + (end - start) / 1_000_000 + "\n";
    byte[] all = new byte[body.length + line.length()];
    System.arraycopy(body, 0, all, 0, body.length);
    System.arraycopy(line.getBytes(StandardCharsets.US_ASCII), 0, all, body.length, line.length());
    return all;
  }
}
