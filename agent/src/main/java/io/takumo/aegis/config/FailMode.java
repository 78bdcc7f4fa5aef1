package io.takumo.aegis.config;

import java.util.Locale;

/** What to do with a provider request the agent cannot rewrite. */
public enum FailMode {
  /** Do not send it: the app gets an IOException that says why. */
  CLOSED,
  /** Send it unmodified and log one warning. */
  OPEN;

  static FailMode parse(String value) {
    // A loop, not valueOf: Enum.valueOf reflects on the enum the first time, in premain.
    String name = value.trim().toUpperCase(Locale.ROOT);
    for (FailMode candidate : values()) {
      if (candidate.name().equals(name)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("fail-mode must be closed or open, not '" + value + "'");
  }
}
