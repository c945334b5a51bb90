package io.cookexecutor.task;

import io.cookexecutor.posix.Posix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test helper run in a JVM of its own (ProcessLauncherBytesTest): launches a task as the executor does,
 * from its own environment plus one variable the task sets, in the directory {@code args[0]}, and exits
 * with the task's exit code; 100 (and the message on stderr) when the launch fails.
 */
public final class LaunchFromOwnEnvironment {
  private LaunchFromOwnEnvironment() {}

  public static void main(String[] args) {
    Map<String, String> env = new TreeMap<>(System.getenv());
    env.put("TASK_VALUE", "é😀");
    int pid;
    try {
      pid = new ProcessLauncher().launch("printf %s \"$RAW\" > raw.bin; printf %s \"$TASK_VALUE\" > task.bin;"
          + " printf %s 'é😀' > command.bin", env, Path.of(args[0]));
    } catch (IOException e) {
      System.err.println("launch failed: " + e.getMessage());
      System.exit(100);
      return;
    }
    int[] status = new int[1];
    Posix.waitpid(pid, 0, status);
    System.exit(ExitStatus.fromWaitStatus(status[0]).code());
  }
}
