package io.cookexecutor.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * A command that a test interrupts with SIGINT, as Ctrl-C would. A process started in the background of a
 * shell without job control (as `mvn verify &` in a script) ignores SIGINT, its children inherit that, and
 * a JVM leaves an ignored SIGINT ignored: the test would then prove nothing about Ctrl-C. GNU env's
 * {@code --default-signal} restores the default before it execs the command (same pid).
 */
public final class Interruptible {
  private Interruptible() {}

  public static List<String> command(List<String> argv) {
    List<String> wrapped = new ArrayList<>(List.of("env", "--default-signal=INT"));
    wrapped.addAll(argv);
    return wrapped;
  }
}
