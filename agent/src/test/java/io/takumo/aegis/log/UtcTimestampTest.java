package io.takumo.aegis.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcTimestampTest {

  @Test
  void formatsLikeJavaTimeAtMillisecondPrecision() {
    SplittableRandom random = new SplittableRandom(7);
    long[] fixed = {0L, -1L, 951_782_400_000L /* 2000-02-29 */, 4_107_542_399_999L /* 2100-02-28 end */,
        1_798_761_600_000L, 253_402_300_799_999L /* 9999-12-31 */};
    for (long millis : fixed) {
      assertEquals(expected(millis), UtcTimestamp.format(millis), "millis " + millis);
    }
    for (int i = 0; i < 100_000; i++) {
      long millis = random.nextLong(0, 253_402_300_800_000L);
      assertEquals(expected(millis), UtcTimestamp.format(millis), "millis " + millis);
    }
  }

  /** java.time's rendering with the milliseconds always written out. */
  private static String expected(long millis) {
    String s = Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS).toString();
    return s.substring(0, s.length() - 1) + String.format(".%03dZ", Math.floorMod(millis, 1000L));
  }
}
