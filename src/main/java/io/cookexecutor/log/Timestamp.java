package io.cookexecutor.log;

/**
 * ISO-8601 UTC timestamps to the millisecond ({@code 2026-12-07T13:00:07.123Z}), computed by hand: the
 * JDK's formatters load their locale and calendar data (dozens of classes) for what is arithmetic.
 */
final class Timestamp {
  private Timestamp() {}

  /** Appends {@code epochMillis} as {@code yyyy-MM-ddTHH:mm:ss.SSSZ}. */
  static void append(StringBuilder sb, long epochMillis) {
    long days = Math.floorDiv(epochMillis, 86_400_000L);
    long ms = Math.floorMod(epochMillis, 86_400_000L);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long day = doy - (153 * mp + 2) / 5 + 1;
    long month = mp < 10 ? mp + 3 : mp - 9;
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    pad(sb, year, 4).append('-');
    pad(sb, month, 2).append('-');
    pad(sb, day, 2).append('T');
    pad(sb, ms / 3_600_000, 2).append(':');
    pad(sb, ms / 60_000 % 60, 2).append(':');
    pad(sb, ms / 1000 % 60, 2).append('.');
    pad(sb, ms % 1000, 3).append('Z');
  }

  private static StringBuilder pad(StringBuilder sb, long value, int width) {
    String digits = Long.toString(value);
    for (int i = digits.length(); i < width; i++) {
      sb.append('0');
    }
    return sb.append(digits);
  }
}
