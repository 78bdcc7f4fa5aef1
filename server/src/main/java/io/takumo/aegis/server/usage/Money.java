package io.takumo.aegis.server.usage;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Credits are millionths of a US dollar; this is how they are read and shown. */
public final class Money {
  private static final BigDecimal MICROS = BigDecimal.valueOf(1_000_000);

  private Money() {
  }

  /** {@code $5.00}, {@code $0.0123}: at least two decimals, at most six. */
  public static String usd(long micros) {
    BigDecimal value = BigDecimal.valueOf(micros).divide(MICROS).stripTrailingZeros();
    if (value.scale() < 2) {
      value = value.setScale(2, RoundingMode.UNNECESSARY);
    }
    return "$" + value.toPlainString();
  }

  /** A decimal number of dollars (the admin API's form) as micros, rounded to the micro. */
  public static long micros(BigDecimal usd) {
    return usd.multiply(MICROS).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** Micros as a decimal number of dollars, for JSON. */
  public static BigDecimal decimal(long micros) {
    return BigDecimal.valueOf(micros, 6).stripTrailingZeros();
  }
}
