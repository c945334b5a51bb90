package io.cookexecutor.config;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses and renders durations in the Mesos flag syntax, such as {@code 250ms} or {@code 1.5secs}. */
public final class MesosDuration {
  /**
   * A plain decimal number glued to a unit. Stricter than Mesos, which hands the number to a C++ double
   * parser: exponents, signs and bare points are refused so that a typo never becomes a surprising value.
   */
  private static final Pattern SYNTAX =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ns|us|ms|secs|mins|hrs|days|weeks)");

  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  /** Units from the largest down, so that {@link #format} can stop at the first exact fit. */
  private static final List<Unit> UNITS_LARGEST_FIRST =
      List.of(
          new Unit("weeks", Duration.ofDays(7)),
          new Unit("days", Duration.ofDays(1)),
          new Unit("hrs", Duration.ofHours(1)),
          new Unit("mins", Duration.ofMinutes(1)),
          new Unit("secs", Duration.ofSeconds(1)),
          new Unit("ms", Duration.ofMillis(1)),
          new Unit("us", Duration.ofNanos(1_000)),
          new Unit("ns", Duration.ofNanos(1)));

  private MesosDuration() {}

  /**
   * The duration written as {@code <number><unit>} ({@code ns us ms secs mins hrs days weeks}), surrounding
   * whitespace ignored; empty when the text is not of that form or exceeds what Mesos can hold (2^63-1 ns).
   */
  public static Optional<Duration> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Matcher m = SYNTAX.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    BigInteger unitNanos = BigInteger.valueOf(unitNamed(m.group(2)).length.toNanos());
    // Mesos truncates a fractional nanosecond, so this does too.
    BigInteger nanos =
        new BigDecimal(m.group(1))
            .multiply(new BigDecimal(unitNanos))
            .setScale(0, RoundingMode.DOWN)
            .toBigIntegerExact();
    if (nanos.compareTo(MAX_NANOS) > 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(nanos.longValueExact()));
  }

  /**
   * The duration in the largest unit that holds it as a whole number, e.g. {@code 2secs}, {@code 1900ms},
   * {@code 15mins}; {@code 0ns} for zero and a leading {@code -} for a negative duration.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0ns";
    }
    String sign = d.isNegative() ? "-" : "";
    BigInteger nanos = totalNanos(d).abs();
    for (Unit unit : UNITS_LARGEST_FIRST) {
      BigInteger[] qr = nanos.divideAndRemainder(BigInteger.valueOf(unit.length.toNanos()));
      if (qr[1].signum() == 0) {
        return sign + qr[0] + unit.name;
      }
    }
    throw new AssertionError("every duration is a whole number of nanoseconds");
  }

  private static BigInteger totalNanos(Duration d) {
    return BigInteger.valueOf(d.getSeconds())
        .multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(d.getNano()));
  }

  private static Unit unitNamed(String name) {
    for (Unit unit : UNITS_LARGEST_FIRST) {
      if (unit.name.equals(name)) {
        return unit;
      }
    }
    throw new IllegalArgumentException("not a Mesos duration unit: " + name);
  }

  private record Unit(String name, Duration length) {}
}
