package io.takumo.aegis.server.ops;

import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * One JSON line per provider request: when, method, path (never the query, which may hold a
 * provider key), status, org, key id, provider, durations and byte counts; never a header value,
 * a key or a body. Lines are written by a daemon thread, off the event loops; when the writer
 * falls behind by {@value #CAPACITY} lines, further lines are dropped and counted.
 */
public final class AccessLog implements AutoCloseable {
  private static final int CAPACITY = 8192;
  private static final String END = "";

  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(CAPACITY);
  private final PrintStream out;
  private final Thread writer;
  private final LongAdder dropped = new LongAdder();

  /** @param out where lines go, or null for no access log */
  public AccessLog(PrintStream out) {
    this.out = out;
    this.writer = out == null ? null : new Thread(this::write, "takumo-access-log");
    if (writer != null) {
      writer.setDaemon(true);
      writer.start();
    }
  }

  public record Entry(String method, String path, int status, String org, String keyId, String provider,
      long durationMicros, long addedMicros, long bytesIn, long bytesOut, String error) {
  }

  public void log(Entry e) {
    if (out == null) {
      return;
    }
    JsonObject line = new JsonObject().put("ts", Instant.now().toString()).put("method", e.method()).put("path", e.path())
        .put("status", e.status()).put("org", e.org()).put("key_id", e.keyId()).put("provider", e.provider())
        .put("duration_ms", e.durationMicros() / 1000.0).put("added_ms", e.addedMicros() < 0 ? null : e.addedMicros() / 1000.0)
        .put("bytes_in", e.bytesIn()).put("bytes_out", e.bytesOut()).put("error", e.error());
    if (!lines.offer(line.encode())) {
      dropped.increment();
    }
  }

  /** Lines dropped because the writer fell behind. */
  public long dropped() {
    return dropped.sum();
  }

  private void write() {
    try {
      while (true) {
        String line = lines.take();
        if (line == END) {
          return;
        }
        out.println(line);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Writes what is queued, then stops. */
  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    try {
      lines.put(END);
      writer.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    out.flush();
  }
}
