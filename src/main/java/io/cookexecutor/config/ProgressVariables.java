package io.cookexecutor.config;

import io.cookexecutor.progress.ProgressSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What the progress variables say, read by the same rules in executor and sidecar mode: one owner of how
 * {@code PROGRESS_REGEX_STRING}, the interval, the two lengths and the progress file are read. The defaults
 * and floors are {@link ProgressSettings}'s table.
 *
 * @param settings the engine's settings, floors applied
 * @param outputFileEnvName the variable that names the job's progress file
 * @param outputFile the progress file in effect, absolute and normalised: the one that is watched
 * @param outputFileForTask the value the task's environment gives {@code outputFileEnvName}: exactly as the
 *     job set it, else the default name joined to {@code MESOS_SANDBOX} (the Python executor's rule)
 */
public record ProgressVariables(ProgressSettings settings, String outputFileEnvName, Path outputFile,
    String outputFileForTask) {
  /**
   * Reads them; relative progress paths are taken from {@code base}, and {@code <defaultStem>.progress} is
   * the file's name when no variable names one ({@code defaultStem} comes from {@code stemVariable}).
   */
  static ProgressVariables read(EnvReader env, Path base, String stemVariable, String defaultStem) {
    int maxMessageLength = env.integer(EnvVar.MAX_MESSAGE_LENGTH,
        ProgressSettings.DEFAULT_MAX_MESSAGE_LENGTH, ProgressSettings.MIN_MAX_MESSAGE_LENGTH);
    int maxBytesReadPerLine = env.integer(EnvVar.MAX_BYTES_READ_PER_LINE,
        ProgressSettings.DEFAULT_MAX_BYTES_READ_PER_LINE, ProgressSettings.MIN_MAX_BYTES_READ_PER_LINE);
    String regex = VariableRules.progressRegex(env);
    Duration interval = Duration.ofMillis(env.integer(EnvVar.PROGRESS_SAMPLE_INTERVAL_MS,
        (int) ProgressSettings.DEFAULT_SAMPLE_INTERVAL.toMillis(),
        (int) ProgressSettings.MIN_SAMPLE_INTERVAL.toMillis()));
    String envName = VariableRules.progressOutputFileEnvName(env);
    Path file = VariableRules.progressOutputFile(env, envName, base, stemVariable, defaultStem);
    String forTask = VariableRules.progressOutputFileForTask(env, envName, defaultStem);
    return new ProgressVariables(
        new ProgressSettings(regex, maxMessageLength, maxBytesReadPerLine, interval), envName, file, forTask);
  }
}
