package io.cookexecutor.testing;

import java.util.List;
import java.util.Map;

/**
 * The task's environment as the Python executor builds it, for every environment of the original's
 * {@code test_config.py} and {@code test_retrieve_process_environment} (twosigma/Cook, {@code executor/tests}),
 * plus the cases and a few edges. Each expected map and watched file was printed by the original
 * itself ({@code initialize_config(env)}, then {@code retrieve_process_environment(config, task, env)}), not
 * derived from this project's code. The "job file empty" case is left out: there the original watches "",
 * which names no file, and this executor watches the default instead ({@code TaskEnvironmentAsTheOriginalTest}).
 */
public final class OriginalEnvironments {
  private OriginalEnvironments() {}

  /**
   * One configuration.
   *
   * @param name what it shows
   * @param env the executor's environment
   * @param taskEnv the task's own variables ({@code task.executor.command.environment})
   * @param expected the environment the original gives the task
   * @param watched the progress file the original follows (relative to the sandbox, where it runs)
   */
  public record Case(String name, Map<String, String> env, Map<String, String> taskEnv,
      Map<String, String> expected, String watched) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Every case, as a JUnit method source. */
  public static List<Case> cases() {
    return CASES;
  }

  private static final List<Case> CASES = List.of(
      new Case("defaults",
          Map.of(),
          Map.of(),
          Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "executor.progress"),
          "executor.progress"),
      new Case("custom variable, sandbox set",
          Map.of(
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "CUSTOM_PROGRESS_OUTPUT_FILE",
              "FOO", "BAR",
              "MESOS_SANDBOX", "/path/to/sandbox"),
          Map.of(),
          Map.of(
              "CUSTOM_PROGRESS_OUTPUT_FILE", "/path/to/sandbox/executor.progress",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "CUSTOM_PROGRESS_OUTPUT_FILE",
              "FOO", "BAR",
              "MESOS_SANDBOX", "/path/to/sandbox"),
          "/path/to/sandbox/executor.progress"),
      new Case("custom variable set by the job",
          Map.of(
              "CUSTOM_PROGRESS_OUTPUT_FILE", "custom.progress",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "CUSTOM_PROGRESS_OUTPUT_FILE"),
          Map.of(),
          Map.of(
              "CUSTOM_PROGRESS_OUTPUT_FILE", "custom.progress",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "CUSTOM_PROGRESS_OUTPUT_FILE"),
          "custom.progress"),
      new Case("reset variables",
          Map.of(
              "ANOTHER_RESET_VAR", "get rid of me",
              "ANOTHER_VAR", "another",
              "EXECUTOR_RESET_VARS", "MY_RESET_VAR,ANOTHER_RESET_VAR,A_MISSING_VAR",
              "MY_RESET_VAR", "badval"),
          Map.of("MY_RESET_VAR", "myval"),
          Map.of(
              "ANOTHER_VAR", "another",
              "EXECUTOR_PROGRESS_OUTPUT_FILE", "executor.progress",
              "EXECUTOR_RESET_VARS", "MY_RESET_VAR,ANOTHER_RESET_VAR,A_MISSING_VAR",
              "MY_RESET_VAR", "myval"),
          "executor.progress"),
      new Case("initialize_config custom",
          Map.ofEntries(
              Map.entry("EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234"),
              Map.entry("EXECUTOR_MAX_MESSAGE_LENGTH", "1024"),
              Map.entry("EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", "120"),
              Map.entry("EXECUTOR_PROGRESS_OUTPUT_FILE", "progress_file"),
              Map.entry("EXECUTOR_RESET_VARS", "VAR_A,VAR_B"),
              Map.entry("MESOS_CHECKPOINT", "1"),
              Map.entry("MESOS_DIRECTORY", "/mesos/directory"),
              Map.entry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs"),
              Map.entry("MESOS_RECOVERY_TIMEOUT", "5mins"),
              Map.entry("MESOS_SANDBOX", "/sandbox/location"),
              Map.entry("PROGRESS_REGEX_STRING", "progress/regex"),
              Map.entry("PROGRESS_SAMPLE_INTERVAL_MS", "2500")),
          Map.of("VAR_B", "b"),
          Map.ofEntries(
              Map.entry("EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234"),
              Map.entry("EXECUTOR_MAX_MESSAGE_LENGTH", "1024"),
              Map.entry("EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", "120"),
              Map.entry("EXECUTOR_PROGRESS_OUTPUT_FILE", "progress_file"),
              Map.entry("EXECUTOR_RESET_VARS", "VAR_A,VAR_B"),
              Map.entry("MESOS_CHECKPOINT", "1"),
              Map.entry("MESOS_DIRECTORY", "/mesos/directory"),
              Map.entry("MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs"),
              Map.entry("MESOS_RECOVERY_TIMEOUT", "5mins"),
              Map.entry("MESOS_SANDBOX", "/sandbox/location"),
              Map.entry("PROGRESS_REGEX_STRING", "progress/regex"),
              Map.entry("PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
              Map.entry("VAR_B", "b")),
          "progress_file"),
      new Case("custom progress file without sandbox",
          Map.of(
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", "20",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "OUTPUT_TARGET_FILE", "progress.out",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          Map.of(),
          Map.of(
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_MEMORY_USAGE_INTERVAL_SECS", "20",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "OUTPUT_TARGET_FILE", "progress.out",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          "progress.out"),
      new Case("custom progress file with sandbox",
          Map.of(
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "progress.out",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          Map.of(),
          Map.of(
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "progress.out",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          "progress.out"),
      new Case("default progress file with sandbox",
          Map.of(
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          Map.of(),
          Map.of(
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "/sandbox/location/e123456.progress",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          "/sandbox/location/e123456.progress"),
      new Case("configured default name, job file missing",
          Map.of(
              "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "stdout_file",
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          Map.of(),
          Map.of(
              "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "stdout_file",
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "/sandbox/location/stdout_file",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          "/sandbox/location/stdout_file"),
      new Case("configured default name, job file set",
          Map.of(
              "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "stdout_file",
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "/path/to/progress_file",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          Map.of(),
          Map.of(
              "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "stdout_file",
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "/path/to/progress_file",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          "/path/to/progress_file"),
      new Case("job file is /dev/null",
          Map.of(
              "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "stderr_file",
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "/dev/null",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          Map.of(),
          Map.of(
              "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "stderr_file",
              "EXECUTOR_MAX_BYTES_READ_PER_LINE", "1234",
              "EXECUTOR_MAX_MESSAGE_LENGTH", "1024",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "OUTPUT_TARGET_FILE",
              "MESOS_EXECUTOR_ID", "e123456",
              "MESOS_EXECUTOR_SHUTDOWN_GRACE_PERIOD", "4secs",
              "MESOS_SANDBOX", "/sandbox/location",
              "OUTPUT_TARGET_FILE", "/dev/null",
              "PROGRESS_REGEX_STRING", "progress/regex",
              "PROGRESS_SAMPLE_INTERVAL_MS", "2500"),
          "/dev/null"),
      new Case("job file relative",
          Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "progress.txt", "MESOS_SANDBOX", "/sandbox/location"),
          Map.of(),
          Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "progress.txt", "MESOS_SANDBOX", "/sandbox/location"),
          "progress.txt"),
      new Case("job file unnormalised",
          Map.of(
              "EXECUTOR_PROGRESS_OUTPUT_FILE", "./logs/../progress.txt",
              "MESOS_SANDBOX", "/sandbox/location"),
          Map.of(),
          Map.of(
              "EXECUTOR_PROGRESS_OUTPUT_FILE", "./logs/../progress.txt",
              "MESOS_SANDBOX", "/sandbox/location"),
          "./logs/../progress.txt"),
      new Case("Cook's wiring of progress_output_file",
          Map.of(
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "EXECUTOR_PROGRESS_OUTPUT_FILE_NAME",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_NAME", "progress_file.txt",
              "MESOS_SANDBOX", "/sandbox/location/"),
          Map.of(),
          Map.of(
              "EXECUTOR_PROGRESS_OUTPUT_FILE_ENV", "EXECUTOR_PROGRESS_OUTPUT_FILE_NAME",
              "EXECUTOR_PROGRESS_OUTPUT_FILE_NAME", "progress_file.txt",
              "MESOS_SANDBOX", "/sandbox/location/"),
          "progress_file.txt"),
      new Case("progress variable is a reset variable",
          Map.of(
              "EXECUTOR_PROGRESS_OUTPUT_FILE", "executor-side.txt",
              "EXECUTOR_RESET_VARS", "EXECUTOR_PROGRESS_OUTPUT_FILE",
              "MESOS_SANDBOX", "/s"),
          Map.of("EXECUTOR_PROGRESS_OUTPUT_FILE", "task-side.txt"),
          Map.of(
              "EXECUTOR_PROGRESS_OUTPUT_FILE", "executor-side.txt",
              "EXECUTOR_RESET_VARS", "EXECUTOR_PROGRESS_OUTPUT_FILE",
              "MESOS_SANDBOX", "/s"),
          "executor-side.txt"),
      new Case("absolute default name",
          Map.of("EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "/var/p.txt", "MESOS_SANDBOX", "/s"),
          Map.of(),
          Map.of(
              "EXECUTOR_DEFAULT_PROGRESS_OUTPUT_NAME", "/var/p.txt",
              "EXECUTOR_PROGRESS_OUTPUT_FILE", "/var/p.txt",
              "MESOS_SANDBOX", "/s"),
          "/var/p.txt"));
}
