package io.takumo.aegis.config;

import java.time.Duration;
import java.util.Locale;

/** Parses the human-friendly sizes and durations used in settings ({@code 32MB}, {@code 12h}). */
final class Sizes {

  private Sizes() {}

  static long parseBytes(Setting setting, String value) {
    String v = value.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    if (v.endsWith("KB") || v.endsWith("K")) {
      unit = 1024;
    } else if (v.endsWith("MB") || v.endsWith("M")) {
      unit = 1024 * 1024;
    } else if (v.endsWith("GB") || v.endsWith("G")) {
      unit = 1024L * 1024 * 1024;
    }
    // The unit letters stripped by hand: a regular expression here would load java.util.regex in premain.
    int end = v.length();
    while (end > 0 && "KMGB".indexOf(v.charAt(end - 1)) >= 0) {
      end--;
    }
    String digits = v.substring(0, end).trim();
    return parsePositiveLong(setting, digits) * unit;
  }

  static long parsePositiveLong(Setting setting, String value) {
    try {
      long n = Long.parseLong(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the one error message below
    }
    throw new IllegalArgumentException(
        setting.key() + " must be a positive number, not '" + value + "'");
  }

  static Duration parseDuration(Setting setting, String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return positive(Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2))));
      }
      long n = Long.parseLong(v.substring(0, v.length() - 1));
      switch (v.charAt(v.length() - 1)) {
        case 's':
          return positive(Duration.ofSeconds(n));
        case 'm':
          return positive(Duration.ofMinutes(n));
        case 'h':
          return positive(Duration.ofHours(n));
        case 'd':
          return positive(Duration.ofDays(n));
        default:
          break;
      }
    } catch (RuntimeException e) {
      // fall through to the one error message below
    }
    throw new IllegalArgumentException(
        setting.key() + " must be a duration such as 30m, 12h or 7d, not '" + value + "'");
  }

  private static Duration positive(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("not positive");
    }
    return d;
  }
}
