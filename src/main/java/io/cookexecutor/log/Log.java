package io.cookexecutor.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import io.cookexecutor.text.Charsets;
import java.nio.file.Path;

/**
 * The one logger of every mode: lines {@code 2026-12-07T13:00:07.123Z [thread] INFO Class - message} to a
 * file (the executor's {@code executor.log}) or to stderr, each written and flushed whole, so a line
 * survives a kill and lines of two threads never mix. Messages use SLF4J's {@code {}} placeholders; a
 * Throwable given last is printed with its stack trace after the line. It replaced slf4j-simple, whose
 * date formatting, service loading and locale data cost the executor about 80 classes at start-up for
 * what is one formatted write. The destination and level may be set at any time (the last setting wins);
 * until then lines at INFO and above go to stderr.
 */
public final class Log {
  public static final int TRACE = 0;
  public static final int DEBUG = 1;
  public static final int INFO = 2;
  public static final int WARN = 3;
  public static final int ERROR = 4;
  private static final String[] NAMES = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};

  /** The log file's stream; null for stderr, looked up at each line (tests replace System.err). */
  private static volatile OutputStream out;
  private static volatile int threshold = INFO;

  private final String name;

  private Log(String name) {
    this.name = name;
  }

  /** A logger named by {@code type}'s simple name. */
  public static Log of(Class<?> type) {
    return new Log(type.getSimpleName());
  }

  /** Logs to {@code file} (appended) at {@code level} (TRACE, DEBUG, INFO, WARN, ERROR). */
  public static void toFile(Path file, String level) {
    OutputStream o;
    try {
      o = new FileOutputStream(file.toFile(), true);
    } catch (IOException e) {
      System.err.println("cannot open the log file " + file + " (" + e.getMessage() + "); logging to stderr");
      o = null;
    }
    configure(o, level);
  }

  /** Logs to stderr at {@code level}, for the command-line tools and the sidecar. */
  public static void toStderr(String level) {
    configure(null, level);
  }

  private static synchronized void configure(OutputStream o, String level) {
    out = o;
    threshold = levelOf(level);
  }

  /** The level named {@code level} (any case); unknown names are INFO. */
  static int levelOf(String level) {
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equalsIgnoreCase(level == null ? "" : level.strip())) {
        return i;
      }
    }
    return INFO;
  }

  public void debug(String message, Object... args) {
    log(DEBUG, message, args);
  }

  public void info(String message, Object... args) {
    log(INFO, message, args);
  }

  public void warn(String message, Object... args) {
    log(WARN, message, args);
  }

  public void error(String message, Object... args) {
    log(ERROR, message, args);
  }

  private void log(int level, String message, Object[] args) {
    if (level < threshold) {
      return;
    }
    Throwable thrown = args.length > 0 && args[args.length - 1] instanceof Throwable t ? t : null;
    StringBuilder line = new StringBuilder(96 + message.length());
    Timestamp.append(line, System.currentTimeMillis());
    line.append(" [").append(Thread.currentThread().getName()).append("] ").append(NAMES[level]).append(' ')
        .append(name).append(" - ");
    format(line, message, args, thrown == null ? args.length : args.length - 1);
    line.append('\n');
    write(line.toString(), thrown);
  }

  /** SLF4J's rule: each {@code {}} takes the next argument; placeholders without one stay as they are. */
  static void format(StringBuilder into, String message, Object[] args, int count) {
    int from = 0;
    int next = 0;
    int at;
    while (next < count && (at = message.indexOf("{}", from)) >= 0) {
      into.append(message, from, at).append(text(args[next++]));
      from = at + 2;
    }
    into.append(message, from, message.length());
  }

  private static String text(Object o) {
    try {
      return String.valueOf(o);
    } catch (RuntimeException e) {
      return "<toString failed: " + e + ">";
    }
  }

  private static void write(String line, Throwable thrown) {
    byte[] bytes = line.getBytes(Charsets.UTF_8);
    synchronized (Log.class) {
      OutputStream o = out == null ? System.err : out;
      try {
        o.write(bytes);
        if (thrown != null) {
          PrintStream p = new PrintStream(o, false, Charsets.UTF_8);
          thrown.printStackTrace(p);
          p.flush();
        }
        o.flush();
      } catch (IOException | RuntimeException e) {
        // A full disk must not fail the caller; the line is lost, as slf4j-simple lost it.
      }
    }
  }
}
