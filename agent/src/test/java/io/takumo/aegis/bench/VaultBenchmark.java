package io.takumo.aegis.bench;

import io.takumo.aegis.vault.Vault;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The vault on its own, from two threads (its table is under one lock): a secret seen before, a
 * token revealed, and a new secret in a full vault, which drops the least recently used entry.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(2)
public class VaultBenchmark {

  private static final int KNOWN = 1024;

  private Vault vault;
  private Vault full;
  private final String[] secrets = new String[KNOWN];
  private final String[] tokens = new String[KNOWN];

  /** Each thread's own position. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    long fresh;

    int advance() {
      return next++ & (KNOWN - 1);
    }
  }

  @Setup
  public void setUp() {
    vault = new Vault(100_000, Duration.ofHours(1));
    full = new Vault(KNOWN, Duration.ofHours(1));
    for (int i = 0; i < KNOWN; i++) {
      secrets[i] = "sk-proj-" + Integer.toHexString(i * 7919) + "Vb3kQ9xTz2LmN8pR4sWy6uHj1KdF0gAe7cBi5oXq";
      tokens[i] = vault.tokenize(secrets[i], "oai");
      full.tokenize(secrets[i], "oai");
    }
  }

  @Benchmark
  public String tokenizeKnown(Cursor c) {
    return vault.tokenize(secrets[c.advance()], "oai");
  }

  @Benchmark
  public String reveal(Cursor c) {
    return vault.reveal(tokens[c.advance()]);
  }

  @Benchmark
  public String tokenizeNewInAFullVault(Cursor c) {
    return full.tokenize("pw-" + Thread.currentThread().getId() + "-" + c.fresh++, "pwd");
  }
}
