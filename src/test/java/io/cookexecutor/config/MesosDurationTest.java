package io.cookexecutor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MesosDurationTest {

  @ParameterizedTest(name = "{0} is {1} ns")
  @CsvSource({
    "100ns, 100",
    "5us, 5000",
    "250ms, 250000000",
    "2secs, 2000000000",
    "15mins, 900000000000",
    "2hrs, 7200000000000",
    "1days, 86400000000000",
    "1weeks, 604800000000000",
    "0secs, 0",
    "007ms, 7000000",
    "9223372036854775807ns, 9223372036854775807",
  })
  void parsesEveryUnit(String text, long nanos) {
    assertThat(MesosDuration.parse(text)).contains(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "{0} is {1} ns")
  @CsvSource({
    "1.5secs, 1500000000",
    "0.25ms, 250000",
    "2.5weeks, 1512000000000000",
    "0.001us, 1",
    "1.5ns, 1", // a fractional nanosecond is truncated, as Mesos does
    "0.0000000009secs, 0",
    "1.000000001secs, 1000000001",
    // Long fractions and zero-padded numbers, exactly (no floating point on the way).
    "1.99999999999999999999999999secs, 1999999999",
    "0.99999999999999999999999999weeks, 604799999999999",
    "0000000000000000000000000001ns, 1",
    "9223372036854775807.999ns, 9223372036854775807",
    "15250.28445247152weeks, 9223372036854775296",
  })
  void parsesDecimals(String text, long nanos) {
    assertThat(MesosDuration.parse(text)).contains(Duration.ofNanos(nanos));
  }

  @Test
  void ignoresSurroundingWhitespace() {
    assertThat(MesosDuration.parse(" \t3secs\n")).contains(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "[{0}] is not a duration")
  @ValueSource(
      strings = {
        "",
        "   ",
        "5",
        "secs",
        "-1secs",
        "1.2.3secs",
        "5 secs",
        "1e3ms",
        "+1secs",
        ".5secs",
        "1.secs",
        "1,5secs",
        "5SECS",
        "5sec",
        "5s",
        "5m",
        "5min",
        "5hours",
        "2 weeks",
        "secs5",
        "5secs5",
        "9223372036854775808ns",
        "16000weeks",
        "99999999999999999999999999days",
        "15250.28445247153weeks",
        "\u0663secs",
        "1.\u0665secs",
      })
  void refusesMalformedText(String text) {
    assertThat(MesosDuration.parse(text)).isEmpty();
  }

  @Test
  void refusesNull() {
    assertThat(MesosDuration.parse(null)).isEmpty();
  }

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of(Duration.ZERO, "0ns"),
        Arguments.of(Duration.ofSeconds(2), "2secs"),
        Arguments.of(Duration.ofMillis(1900), "1900ms"),
        Arguments.of(Duration.ofMillis(1500), "1500ms"),
        Arguments.of(Duration.ofMinutes(15), "15mins"),
        Arguments.of(Duration.ofSeconds(90), "90secs"),
        Arguments.of(Duration.ofHours(2), "2hrs"),
        Arguments.of(Duration.ofHours(36), "36hrs"),
        Arguments.of(Duration.ofDays(1), "1days"),
        Arguments.of(Duration.ofDays(8), "8days"),
        Arguments.of(Duration.ofDays(7), "1weeks"),
        Arguments.of(Duration.ofDays(14), "2weeks"),
        Arguments.of(Duration.ofNanos(5_000), "5us"),
        Arguments.of(Duration.ofNanos(1_500), "1500ns"),
        Arguments.of(Duration.ofNanos(1), "1ns"),
        Arguments.of(Duration.ofSeconds(-2), "-2secs"),
        Arguments.of(Duration.ofMillis(-250), "-250ms"),
        Arguments.of(Duration.ofNanos(Long.MAX_VALUE), "9223372036854775807ns"));
  }

  @ParameterizedTest(name = "{0} is written {1}")
  @MethodSource("renderings")
  void formatsInTheLargestExactUnit(Duration d, String text) {
    assertThat(MesosDuration.format(d)).isEqualTo(text);
  }

  @Test
  void refusesToFormatWhatMesosCannotHold() {
    assertThatThrownBy(() -> MesosDuration.format(Duration.ofNanos(Long.MAX_VALUE).plusNanos(1)))
        .isInstanceOf(ArithmeticException.class);
  }

  @ParameterizedTest(name = "{0} survives format then parse")
  @ValueSource(
      strings = {"100ns", "5us", "250ms", "1.5secs", "15mins", "2hrs", "1days", "3weeks", "0.75hrs"})
  void formatThenParseGivesTheSameDuration(String text) {
    Duration d = MesosDuration.parse(text).orElseThrow();
    assertThat(MesosDuration.parse(MesosDuration.format(d))).contains(d);
  }
}
