package io.cookexecutor.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds environments for config tests. */
final class Env {
  static final Path WORKING_DIRECTORY = Path.of("/work/dir");

  private Env() {}

  /** A map of alternating names and values. */
  static Map<String, String> of(String... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must pair up");
    }
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }

  /** The configuration of alternating names and values, run from {@link #WORKING_DIRECTORY}. */
  static ExecutorConfig config(String... namesAndValues) {
    return ExecutorConfig.from(of(namesAndValues), WORKING_DIRECTORY);
  }
}
