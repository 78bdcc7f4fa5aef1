package io.takumo.aegis.audit;

import io.takumo.aegis.log.AegisLog;
import io.takumo.aegis.log.OwnerOnlyFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The opt-in audit file: one JSON line per provider request, appended. A request only queues its
 * record (no lock, no I/O); a daemon thread formats and writes the lines, flushing whenever the
 * queue runs dry, and a shutdown hook writes what is left when the JVM exits. If the file cannot
 * be opened or written, or the queue overflows, the agent says so once and the app runs on.
 */
public final class AuditLog {

  private static final int QUEUE_CAPACITY = 16_384;
  private static final long EXIT_WAIT_MILLIS = 2_000;

  private final String path;
  private final AegisLog log;
  private final Writer out;
  private final BlockingQueue<AuditRecord> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicBoolean overflowReported = new AtomicBoolean();
  private final Object writing = new Object();
  private final Thread writer;
  private boolean failed;

  private AuditLog(String path, Writer out, AegisLog log) {
    this.path = path;
    this.out = out;
    this.log = log;
    writer = new WriterThread(this);
    writer.setDaemon(true);
  }

  /**
   * Opens {@code path} for appending (created owner-only, see {@link OwnerOnlyFiles}) and starts
   * writing; returns null (no audit log) if the path is empty, or, with one warning, if the file
   * cannot be opened.
   */
  public static AuditLog open(String path, AegisLog log) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    Writer out;
    try {
      out = new BufferedWriter(new OutputStreamWriter(OwnerOnlyFiles.openForAppend(path), StandardCharsets.UTF_8), 1 << 16);
    } catch (IOException | RuntimeException e) {
      log.warn("cannot open the audit file " + path + " (" + e.getClass().getSimpleName() + "); no audit log is written");
      return null;
    }
    String shared = OwnerOnlyFiles.sharedModeWarning(path, "audit file");
    if (shared != null) {
      log.warn(shared);
    }
    AuditLog audit = new AuditLog(path, out, log);
    audit.writer.start();
    Runtime.getRuntime().addShutdownHook(new ExitFlush(audit));
    return audit;
  }

  /** Queues {@code record} for writing; never blocks. */
  public void record(AuditRecord record) {
    if (!queue.offer(record) && overflowReported.compareAndSet(false, true)) {
      log.warn("the audit file " + path + " cannot keep up; records are being dropped");
    }
  }

  private void writeUntilInterrupted() {
    try {
      while (true) {
        AuditRecord next = queue.take();
        synchronized (writing) {
          write(next);
          writeQueued();
        }
      }
    } catch (InterruptedException e) {
      // close() stops the writer; it writes what is left itself.
    }
  }

  /** Writes everything queued, then flushes. Called holding {@link #writing}. */
  private void writeQueued() {
    List<AuditRecord> batch = new ArrayList<>();
    while (queue.drainTo(batch, 256) > 0) {
      for (AuditRecord record : batch) {
        write(record);
      }
      batch.clear();
    }
    if (!failed) {
      try {
        out.flush();
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  private void write(AuditRecord record) {
    if (failed) {
      return;
    }
    try {
      out.write(record.toJson());
      out.write('\n');
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
  }

  private void fail(Exception e) {
    failed = true;
    log.warn("cannot write the audit file " + path + " (" + e.getClass().getSimpleName() + "); audit records are dropped");
  }

  /** Stops the writer, and writes and flushes what is queued (at JVM exit). */
  void close() {
    writer.interrupt();
    try {
      writer.join(EXIT_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (writing) {
      writeQueued();
    }
  }

  // Named classes, not lambdas: open() runs in premain, where the first lambda costs milliseconds.

  /** The thread that writes queued records. */
  private static final class WriterThread extends Thread {
    private final AuditLog audit;

    WriterThread(AuditLog audit) {
      super("takumo-aegis-audit");
      this.audit = audit;
    }

    @Override
    public void run() {
      audit.writeUntilInterrupted();
    }
  }

  /** The shutdown hook that writes what is still queued. */
  private static final class ExitFlush extends Thread {
    private final AuditLog audit;

    ExitFlush(AuditLog audit) {
      super("takumo-aegis-audit-exit");
      this.audit = audit;
    }

    @Override
    public void run() {
      audit.close();
    }
  }
}
