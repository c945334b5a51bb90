package io.cookexecutor.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How {@code local} starts this very build again, as the executor or as the sidecar. */
public final class SelfCommand {
  private SelfCommand() {}

  /** Its launcher script when run through it, else this JVM with its class path. */
  public static List<String> argv() {
    String launcher = System.getProperty("cook.executor.launcher");
    if (launcher != null && Files.isExecutable(Path.of(launcher))) {
      return List.of(launcher);
    }
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("io.cookexecutor.Main");
    return argv;
  }
}
