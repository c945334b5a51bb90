package io.cookexecutor.config;

import static io.cookexecutor.config.Env.config;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Progress regex, progress file resolution and reset variables. */
class ProgressConfigTest {

  private static final String DEFAULT_REGEX = "progress: ([0-9]*\\.?[0-9]+), (.*)";

  @ParameterizedTest(name = "regex [{0}] is kept")
  @ValueSource(strings = {"(\\d+)%", "^PROGRESS (\\d+) (.*)$", "(?<percent>\\d+)", "((a)|b)"})
  void keepsAValidRegexWithACapturingGroup(String regex) {
    ExecutorConfig c = config("PROGRESS_REGEX_STRING", regex);

    assertThat(c.progress().regex()).isEqualTo(regex);
    assertThat(c.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "regex [{0}] has no group")
  @ValueSource(strings = {"", "progress: \\d+", "(?:\\d+)%", "\\(\\d+\\)"})
  void replacesARegexWithoutAGroupByTheDefault(String regex) {
    ExecutorConfig c = config("PROGRESS_REGEX_STRING", regex);

    assertThat(c.progress().regex()).isEqualTo(DEFAULT_REGEX);
    assertThat(c.warnings())
        .containsExactly(
            "PROGRESS_REGEX_STRING is \"" + regex + "\", which has no capturing group for the"
                + " percent; using the default \"" + DEFAULT_REGEX + "\".");
  }

  @ParameterizedTest(name = "regex [{0}] is invalid")
  @ValueSource(strings = {"progress: (", "(\\d+", "[0-9", "(\\d+)**", "(?<bad-name>1)", "\\"})
  void replacesAnInvalidRegexByTheDefault(String regex) {
    ExecutorConfig c = config("PROGRESS_REGEX_STRING", regex);

    assertThat(c.progress().regex()).isEqualTo(DEFAULT_REGEX);
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0))
        .startsWith("PROGRESS_REGEX_STRING is \"" + regex + "\", which is not a valid regular expression (")
        .endsWith("); using the default \"" + DEFAULT_REGEX + "\".")
        .doesNotContain("\n");
  }

  @Test
  void shortensAVeryLongBadValueInTheWarning() {
    String regex = "x".repeat(5000);
    ExecutorConfig c = config("PROGRESS_REGEX_STRING", regex);

    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0))
        .startsWith("PROGRESS_REGEX_STRING is \"" + "x".repeat(100) + "...\", which has no")
        .hasSizeLessThan(300);
  }

  /** Columns: the job variable, PROGRESS_OUTPUT_FILE, EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME, executor id. */
  @ParameterizedTest(name = "[{0}] [{1}] [{2}] [{3}] -> {4}")
  @CsvSource(
      nullValues = "null",
      value = {
        "job.p, operator.p, default.p, ex1, /sb/job.p",
        "null, operator.p, default.p, ex1, /sb/operator.p",
        "'', operator.p, default.p, ex1, /sb/operator.p",
        "null, null, default.p, ex1, /sb/default.p",
        "'', '', default.p, ex1, /sb/default.p",
        "null, null, null, ex1, /sb/ex1.progress",
        "'', '', '', ex1, /sb/ex1.progress",
        "null, null, null, null, /sb/executor.progress",
        "null, null, null, '', /sb/executor.progress",
        "/abs/job.p, operator.p, default.p, ex1, /abs/job.p",
        "null, /abs/op.p, default.p, ex1, /abs/op.p",
        "null, null, /abs/./d/../default.p, ex1, /abs/default.p",
        "sub/dir/job.p, null, null, ex1, /sb/sub/dir/job.p",
        "../up.p, null, null, ex1, /up.p",
        "./job.p, null, null, ex1, /sb/job.p",
        "null, null, null, a/b, /sb/a/b.progress",
      })
  void resolvesTheProgressFileInOrderAgainstTheSandbox(
      String job, String operator, String dflt, String executorId, String expected) {
    List<String> env =
        Arrays.asList(
            "MESOS_SANDBOX", "/sb",
            "EXECUTOR_PROGRESS_OUTPUT_FILE", job,
            "PROGRESS_OUTPUT_FILE", operator,
            "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", dflt,
            "MESOS_EXECUTOR_ID", executorId);
    String[] present = new String[0];
    for (int i = 0; i < env.size(); i += 2) {
      if (env.get(i + 1) != null) {
        present = Stream.concat(Arrays.stream(present), Stream.of(env.get(i), env.get(i + 1)))
            .toArray(String[]::new);
      }
    }
    ExecutorConfig c = config(present);

    assertThat(c.progressOutputFile()).isEqualTo(Path.of(expected));
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void resolvesAgainstTheWorkingDirectoryWhenThereIsNoSandbox() {
    assertThat(config("PROGRESS_OUTPUT_FILE", "p").progressOutputFile())
        .isEqualTo(Path.of("/work/dir/p"));
  }

  @Test
  void readsTheJobProgressFileFromTheVariableNamedByTheMetaVariable() {
    ExecutorConfig c =
        config(
            "MESOS_SANDBOX", "/sb",
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "MY_JOB_PROGRESS",
            "MY_JOB_PROGRESS", "mine.p",
            "EXECUTOR_PROGRESS_OUTPUT_FILE", "ignored.p",
            "PROGRESS_OUTPUT_FILE", "operator.p");

    assertThat(c.progressOutputFileEnvName()).isEqualTo("MY_JOB_PROGRESS");
    assertThat(c.progressOutputFile()).isEqualTo(Path.of("/sb/mine.p"));
  }

  @Test
  void skipsToTheOperatorFileWhenTheNamedVariableIsUnset() {
    ExecutorConfig c =
        config(
            "MESOS_SANDBOX", "/sb",
            "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "MY_JOB_PROGRESS",
            "EXECUTOR_PROGRESS_OUTPUT_FILE", "ignored.p",
            "PROGRESS_OUTPUT_FILE", "operator.p");

    assertThat(c.progressOutputFile()).isEqualTo(Path.of("/sb/operator.p"));
  }

  @ParameterizedTest(name = "meta-variable [{0}] gives the default name")
  @ValueSource(strings = {"", "A=B", "NUL\0NAME"})
  void usesTheDefaultMetaVariableForAnEmptyOrImpossibleName(String value) {
    ExecutorConfig c = config("EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", value);

    assertThat(c.progressOutputFileEnvName()).isEqualTo("EXECUTOR_PROGRESS_OUTPUT_FILE");
    assertThat(c.warnings()).hasSize(value.isEmpty() ? 0 : 1);
  }

  @Test
  void skipsAnUnusableProgressPathWithAWarning() {
    ExecutorConfig c =
        config("MESOS_SANDBOX", "/sb", "EXECUTOR_PROGRESS_OUTPUT_FILE", "bad\0.p",
            "PROGRESS_OUTPUT_FILE", "operator.p");

    assertThat(c.progressOutputFile()).isEqualTo(Path.of("/sb/operator.p"));
    assertThat(c.warnings()).hasSize(1);
    assertThat(c.warnings().get(0))
        .startsWith("EXECUTOR_PROGRESS_OUTPUT_FILE is \"bad\0.p\", which is not a valid path")
        .endsWith("; using the next choice.");
  }

  static Stream<Arguments> resetVars() {
    return Stream.of(
        Arguments.of("", List.of()),
        Arguments.of(",", List.of()),
        Arguments.of(" , ,, ", List.of()),
        Arguments.of("PATH", List.of("PATH")),
        Arguments.of("A,B,C", List.of("A", "B", "C")),
        Arguments.of(" C , A ,B ", List.of("C", "A", "B")),
        Arguments.of("A,,B,", List.of("A", "B")),
        Arguments.of("B,A,B,A,C", List.of("B", "A", "C")),
        Arguments.of("A, A ,A", List.of("A")));
  }

  @ParameterizedTest(name = "EXECUTOR_RESET_VARS [{0}] is {1}")
  @MethodSource("resetVars")
  void parsesResetVarsInOrderWithoutEmptiesOrDuplicates(String value, List<String> expected) {
    ExecutorConfig c = config("EXECUTOR_RESET_VARS", value);

    assertThat(c.resetVars()).isEqualTo(expected);
    assertThat(c.warnings()).isEmpty();
  }
}
