package io.cookexecutor.local;

import java.nio.file.Files;
import java.nio.file.Path;
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
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "io.cookexecutor.Main");
  }
}
