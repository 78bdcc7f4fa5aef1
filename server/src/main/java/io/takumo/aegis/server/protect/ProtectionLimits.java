package io.takumo.aegis.server.protect;

import java.time.Duration;

/**
 * The bounds of the gateway's protection, the agent's defaults: the largest request body it reads
 * (and the most it holds of a response to restore it: a JSON reply, one SSE event), and each org
 * vault's bounds and idle expiry.
 */
public record ProtectionLimits(long maxBodySize, long vaultMaxSize, long vaultMaxBytes, Duration vaultIdleExpiry) {

  /** 32 MiB bodies; 100 000 tokens, 64 MiB and 12 h idle per org vault (as the agent's settings). */
  public static final ProtectionLimits DEFAULT =
      new ProtectionLimits(32L << 20, 100_000, 64L << 20, Duration.ofHours(12));
}
