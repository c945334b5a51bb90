package io.cookexecutor.config;

import java.time.Duration;
import java.util.Optional;

/**
 * Parses and renders durations in the Mesos flag syntax, such as {@code 250ms} or {@code 1.5secs}. Exact
 * integer arithmetic by hand: BigDecimal's first use costs the executor's start-up some 30 classes
 * (BigInteger's fork-join machinery among them) for a few multiplications.
 */
public final class MesosDuration {
  /** Unit names and lengths as {@code m * 10^e} ns, largest first, so that {@link #format} stops at the first fit. */
  private static final String[] NAMES = {"weeks", "days", "hrs", "mins", "secs", "ms", "us", "ns"};
  private static final long[] MANTISSA = {6048, 864, 36, 6, 1, 1, 1, 1};
  private static final int[] EXPONENT = {11, 11, 11, 10, 9, 6, 3, 0};

  private MesosDuration() {}

  /**
   * The duration written as {@code <number><unit>} ({@code ns us ms secs mins hrs days weeks}), surrounding
   * whitespace ignored; empty when the text is not of that form or exceeds what Mesos can hold (2^63-1 ns).
   * Stricter than Mesos, which hands the number to a C++ double parser: exponents, signs and bare points
   * are refused so that a typo never becomes a surprising value; a fractional nanosecond is truncated.
   */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.strip();
    for (int u = 0; u < NAMES.length; u++) {
      if (s.endsWith(NAMES[u])) {
        return nanos(s.substring(0, s.length() - NAMES[u].length()), u);
      }
    }
    return Optional.empty();
  }

  /** {@code number} (digits, optionally a point and more digits) of unit {@code u}, exactly, in nanoseconds. */
  private static Optional<Duration> nanos(String number, int u) {
    int point = number.indexOf('.');
    String whole = point < 0 ? number : number.substring(0, point);
    String fraction = point < 0 ? "" : number.substring(point + 1);
    if (!digits(whole) || (point >= 0 && !digits(fraction))) {
      return Optional.empty();
    }
    long unit = MANTISSA[u] * pow10(EXPONENT[u]);
    try {
      long total = Math.multiplyExact(parseCapped(whole), unit);
      return Optional.of(Duration.ofNanos(Math.addExact(total, fractionNanos(fraction, u))));
    } catch (ArithmeticException tooLong) {
      return Optional.empty();
    }
  }

  /**
   * floor(0.fraction * m * 10^e): the first e digits times m, plus the integer part of m times the rest,
   * which is the carry out of a long multiplication of the remaining digit string by m.
   */
  private static long fractionNanos(String fraction, int u) {
    int e = EXPONENT[u];
    long m = MANTISSA[u];
    long head = 0;
    for (int i = 0; i < e; i++) {
      head = head * 10 + (i < fraction.length() ? fraction.charAt(i) - '0' : 0);
    }
    long carry = 0;
    for (int i = fraction.length() - 1; i >= e; i--) {
      carry = ((fraction.charAt(i) - '0') * m + carry) / 10;
    }
    return head * m + carry;
  }

  private static boolean digits(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The digits' value; ArithmeticException above Long.MAX_VALUE (leading zeros allowed). */
  private static long parseCapped(String digits) {
    long v = 0;
    for (int i = 0; i < digits.length(); i++) {
      v = Math.addExact(Math.multiplyExact(v, 10), digits.charAt(i) - '0');
    }
    return v;
  }

  private static long pow10(int e) {
    long p = 1;
    for (int i = 0; i < e; i++) {
      p *= 10;
    }
    return p;
  }

  /**
   * The duration in the largest unit that holds it as a whole number, e.g. {@code 2secs}, {@code 1900ms},
   * {@code 15mins}; {@code 0ns} for zero and a leading {@code -} for a negative duration. Durations here are
   * the ones Mesos can hold (at most 2^63-1 ns, as {@link #parse} and the protocol's int64 give them); a
   * longer one is an ArithmeticException.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0ns";
    }
    long nanos = d.abs().toNanos();
    for (int u = 0; ; u++) { // the last unit, 1 ns, divides every duration
      long unit = MANTISSA[u] * pow10(EXPONENT[u]);
      if (nanos % unit == 0) {
        return (d.isNegative() ? "-" : "") + nanos / unit + NAMES[u];
      }
    }
  }
}
