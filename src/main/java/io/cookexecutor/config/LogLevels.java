package io.cookexecutor.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps the log level names operators write, Python's included, onto the five SLF4J levels. */
final class LogLevels {
  private static final Map<String, String> ALIASES =
      Map.of(
          "TRACE", "TRACE",
          "DEBUG", "DEBUG",
          "INFO", "INFO",
          "WARN", "WARN",
          "WARNING", "WARN",
          "ERROR", "ERROR",
          "CRITICAL", "ERROR",
          "FATAL", "ERROR");

  private LogLevels() {}

  /** One of TRACE DEBUG INFO WARN ERROR for a known name in any case, else empty. */
  static Optional<String> normalise(String name) {
    return Optional.ofNullable(ALIASES.get(name.strip().toUpperCase(Locale.ROOT)));
  }
}
