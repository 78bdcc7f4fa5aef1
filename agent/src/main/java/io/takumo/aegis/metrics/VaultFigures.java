package io.takumo.aegis.metrics;

/** What the metrics read from the vault: its state now, and what it has dropped so far. */
public interface VaultFigures {

  long tokens();

  long bytes();

  long evictions();
}
