package io.takumo.aegis.config;

import java.util.Locale;

/** Where protected traffic goes. */
public enum Mode {
  /** Straight to the provider; secrets tokenized against the in-process vault. */
  LOCAL,
  /** Through the Takumo gateway (TAKUMO_GATEWAY_URL, TAKUMO_API_KEY), still tokenized locally. */
  GATEWAY,
  /**
   * A dry run: requests bound for a provider are scanned, and what would be tokenized is logged,
   * counted and audited, but no byte of any request or response is changed.
   */
  OBSERVE;

  static Mode parse(String value) {
    // A loop, not valueOf: Enum.valueOf reflects on the enum the first time, in premain.
    String name = value.trim().toUpperCase(Locale.ROOT);
    for (Mode candidate : values()) {
      if (candidate.name().equals(name)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException("mode must be local, gateway or observe, not '" + value + "'");
  }
}
