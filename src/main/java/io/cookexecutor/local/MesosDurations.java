package io.cookexecutor.local;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;

/** Formats durations the way Mesos (stout) prints them in executor variables: {@code 5secs}, {@code 1.5mins}. */
final class MesosDurations {
  private static final long[] UNIT_NANOS = {
    1L, 1_000L, 1_000_000L, 1_000_000_000L, 60_000_000_000L, 3_600_000_000_000L, 86_400_000_000_000L,
    604_800_000_000_000L
  };
  private static final String[] UNIT_NAMES = {"ns", "us", "ms", "secs", "mins", "hrs", "days", "weeks"};

  private MesosDurations() {}

  /** The largest unit that is at most the duration, with up to 15 significant digits and no trailing zeros. */
  static String format(Duration d) {
    BigDecimal nanos = BigDecimal.valueOf(d.getSeconds()).scaleByPowerOfTen(9).add(BigDecimal.valueOf(d.getNano()));
    int unit = 0;
    for (int i = UNIT_NANOS.length - 1; i > 0; i--) {
      if (nanos.abs().compareTo(BigDecimal.valueOf(UNIT_NANOS[i])) >= 0) {
        unit = i;
        break;
      }
    }
    BigDecimal value = nanos.divide(BigDecimal.valueOf(UNIT_NANOS[unit]), new MathContext(15));
    return value.stripTrailingZeros().toPlainString() + UNIT_NAMES[unit];
  }
}
