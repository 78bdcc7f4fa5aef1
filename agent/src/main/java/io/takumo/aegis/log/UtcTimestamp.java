package io.takumo.aegis.log;

/**
 * Formats epoch milliseconds as ISO-8601 UTC ({@code 2026-11-27T13:34:48.446Z}) with plain
 * arithmetic. {@code java.time} would do the same, but its formatter classes take tens of
 * milliseconds to load, and the agent's first log line is written during the app's start-up.
 */
final class UtcTimestamp {

  private static final long MILLIS_PER_DAY = 86_400_000L;

  private UtcTimestamp() {}

  static String format(long epochMillis) {
    long days = Math.floorDiv(epochMillis, MILLIS_PER_DAY);
    long millisOfDay = Math.floorMod(epochMillis, MILLIS_PER_DAY);
    // Civil date from days since 1970-01-01 (proleptic Gregorian; eras of 400 years).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long dayOfEra = z - era * 146_097;
    long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
    long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    long shiftedMonth = (5 * dayOfYear + 2) / 153;
    long day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1;
    long month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
    long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);

    StringBuilder s = new StringBuilder(24);
    pad(s, year, 4).append('-');
    pad(s, month, 2).append('-');
    pad(s, day, 2).append('T');
    pad(s, millisOfDay / 3_600_000, 2).append(':');
    pad(s, millisOfDay / 60_000 % 60, 2).append(':');
    pad(s, millisOfDay / 1000 % 60, 2).append('.');
    pad(s, millisOfDay % 1000, 3).append('Z');
    return s.toString();
  }

  private static StringBuilder pad(StringBuilder s, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      s.append('0');
    }
    return s.append(digits);
  }
}
