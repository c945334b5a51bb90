package io.cookexecutor.config;

import io.cookexecutor.progress.ProgressSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * What a configuration says about progress, the same in executor and sidecar mode: one set of accessors
 * over what {@link ProgressVariables} read, so the two configurations do not repeat them.
 */
public interface ProgressConfig {
  /** What the progress variables said. */
  ProgressVariables progressVariables();

  /** The progress engine's settings: regex, lengths and interval, floors applied. */
  default ProgressSettings progress() {
    return progressVariables().settings();
  }

  /** The name of the variable that names the job's progress file. */
  default String progressOutputFileEnvName() {
    return progressVariables().outputFileEnvName();
  }

  /** The progress file in effect: absolute and normalised, the one that is watched. */
  default Path progressOutputFile() {
    return progressVariables().outputFile();
  }

  /** The value the task's environment gives the progress-file variable (executor mode). */
  default String progressOutputFileForTask() {
    return progressVariables().outputFileForTask();
  }

  /** Adds the progress variables' {@code NAME=value} lines to {@code lines}. */
  default void describeProgress(List<String> lines) {
    ProgressSettings p = progress();
    lines.add(EnvVar.MAX_MESSAGE_LENGTH + "=" + p.maxMessageLength());
    lines.add(EnvVar.MAX_BYTES_READ_PER_LINE + "=" + p.maxBytesReadPerLine());
    lines.add(EnvVar.PROGRESS_REGEX_STRING + "=" + p.regex());
    lines.add(EnvVar.PROGRESS_SAMPLE_INTERVAL_MS + "=" + p.sampleInterval().toMillis());
    lines.add(EnvVar.PROGRESS_OUTPUT_FILE_ENV + "=" + progressOutputFileEnvName());
    lines.add("progress file watched=" + progressOutputFile());
  }
}
