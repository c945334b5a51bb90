package io.cookexecutor.config;

import static io.cookexecutor.config.Env.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The four integer variables: defaults, clamps and bad values, each in the variable's own unit. */
class IntegerVariablesTest {

  private record Variable(String name, ToLongFunction<ExecutorConfig> get, long dflt, long min) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Stream<Variable> variables() {
    return Stream.of(
        new Variable("EXECUTOR_MAX_MESSAGE_LENGTH", c -> c.progress().maxMessageLength(), 512, 64),
        new Variable("EXECUTOR_MAX_BYTES_READ_PER_LINE", c -> c.progress().maxBytesReadPerLine(), 4096, 128),
        new Variable(
            "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", c -> c.memoryUsageInterval().toSeconds(), 3600, 30),
        new Variable(
            "PROGRESS_SAMPLE_INTERVAL_MS", c -> c.progress().sampleInterval().toMillis(), 1000, 100));
  }

  static Stream<Arguments> validValues() {
    return variables()
        .flatMap(
            v ->
                Stream.of(
                    Arguments.of(v, "1000", 1000L),
                    Arguments.of(v, " 1000\t", 1000L),
                    Arguments.of(v, "+700", 700L),
                    Arguments.of(v, "0700", 700L),
                    Arguments.of(v, Long.toString(v.min), v.min),
                    Arguments.of(v, "2147483647", 2147483647L)));
  }

  @ParameterizedTest(name = "{0}=[{1}] is {2}")
  @MethodSource("validValues")
  void takesAPlainIntegerAtOrAboveTheMinimum(Variable v, String value, long expected) {
    ExecutorConfig c = config(v.name, value);

    assertThat(v.get.applyAsLong(c)).isEqualTo(expected);
    assertThat(c.warnings()).isEmpty();
  }

  static Stream<Arguments> valuesBelowTheMinimum() {
    return variables()
        .flatMap(
            v ->
                Stream.of("-5", "0", "1", Long.toString(v.min - 1), "-2147483648")
                    .map(value -> Arguments.of(v, value)));
  }

  @ParameterizedTest(name = "{0}=[{1}] is raised to the minimum")
  @MethodSource("valuesBelowTheMinimum")
  void raisesAValueBelowTheMinimumAndSaysSo(Variable v, String value) {
    ExecutorConfig c = config(v.name, value);

    assertThat(v.get.applyAsLong(c)).isEqualTo(v.min);
    assertThat(c.warnings())
        .containsExactly(
            v.name + " is " + value.strip() + ", below the minimum of " + v.min + "; raised to "
                + v.min + ".");
  }

  static Stream<Arguments> badValues() {
    return variables()
        .flatMap(
            v ->
                Stream.of(
                        Arguments.of(v, "", "empty"),
                        Arguments.of(v, "   ", "empty"),
                        Arguments.of(v, "abc", "not a whole decimal number"),
                        Arguments.of(v, "1.5", "not a whole decimal number"),
                        Arguments.of(v, "1e3", "not a whole decimal number"),
                        Arguments.of(v, "0x100", "not a whole decimal number"),
                        Arguments.of(v, "1_000", "not a whole decimal number"),
                        Arguments.of(v, "512ms", "not a whole decimal number"),
                        Arguments.of(v, "10secs", "not a whole decimal number"),
                        Arguments.of(v, "5 0", "not a whole decimal number"),
                        Arguments.of(v, "--5", "not a whole decimal number"),
                        Arguments.of(v, "\u0663\u0660\u0660", "not a whole decimal number"),
                        Arguments.of(v, "2147483648", "out of the integer range"),
                        Arguments.of(v, "99999999999999999999", "out of the integer range"),
                        Arguments.of(v, "-99999999999", "out of the integer range")));
  }

  @ParameterizedTest(name = "{0}=[{1}] falls back to the default ({2})")
  @MethodSource("badValues")
  void replacesABadValueByTheDefaultWithAWarning(Variable v, String value, String problem) {
    ExecutorConfig c = config(v.name, value);

    assertThat(v.get.applyAsLong(c)).isEqualTo(v.dflt);
    assertThat(c.warnings())
        .containsExactly(
            v.name + " is \"" + value + "\", which is " + problem + "; using the default " + v.dflt
                + ".");
  }
}
