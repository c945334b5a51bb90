package io.cookexecutor.cli;

import io.cookexecutor.config.MesosDuration;
import java.time.Duration;
import java.util.function.LongSupplier;
import picocli.CommandLine;

/**
 * Test launcher: {@code local} in a JVM of its own, with a decision clock that jumps forward by
 * {@code -Dit.clock.jump-by} once {@code -Dit.clock.jump-after} has passed, so that a task of a few seconds
 * runs, on {@code local}'s clock, longer than any bound the test wants to get past. These properties are
 * read here only; the product has no such switch. The executor is started as {@code local} starts it
 * (through {@code -Dcook.executor.launcher}, the product's launcher script).
 */
public final class JumpingClockLocal {
  private JumpingClockLocal() {}

  /** Runs {@code local} with {@code args} (the arguments after {@code local}) and exits with its code. */
  public static void main(String[] args) {
    long after = duration("it.clock.jump-after").toNanos();
    long by = duration("it.clock.jump-by").toNanos();
    long start = System.nanoTime();
    LongSupplier clock = () -> {
      long now = System.nanoTime();
      return now - start >= after ? now + by : now;
    };
    // As the product's Main sets up the command-line tools' log.
    io.cookexecutor.log.Log.toStderr("warn");
    int code = new CommandLine(new LocalCommand(clock)).execute(args);
    System.out.flush();
    System.exit(code);
  }

  private static Duration duration(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalArgumentException("-D" + property + " is required");
    }
    return MesosDuration.parse(value)
        .orElseThrow(() -> new IllegalArgumentException("-D" + property + ": not a Mesos duration: " + value));
  }
}
