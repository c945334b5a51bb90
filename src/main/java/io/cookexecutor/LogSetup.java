package io.cookexecutor;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Configures slf4j-simple through its system properties, which it reads once when the first logger is
 * made: so this must run before any class with a logger is touched. slf4j-simple was chosen over Logback
 * for its start-up cost (a handful of classes, no configuration parsing).
 */
final class LogSetup {
  private static final String P = "org.slf4j.simpleLogger.";

  private LogSetup() {}

  /** Logs to {@code file} at {@code level} (TRACE, DEBUG, INFO, WARN, ERROR). */
  static void toFile(Path file, String level) {
    System.setProperty(P + "logFile", file.toString());
    common(level);
  }

  /** Logs to stderr at {@code level}, for the command-line tools. */
  static void toStderr(String level) {
    System.setProperty(P + "logFile", "System.err");
    common(level);
  }

  private static void common(String level) {
    System.setProperty(P + "defaultLogLevel", level.toLowerCase(Locale.ROOT));
    System.setProperty(P + "showDateTime", "true");
    System.setProperty(P + "dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    System.setProperty(P + "showThreadName", "true");
    System.setProperty(P + "showShortLogName", "true");
    System.setProperty(P + "levelInBrackets", "false");
  }
}
