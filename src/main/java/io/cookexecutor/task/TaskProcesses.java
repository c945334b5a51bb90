package io.cookexecutor.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The operating system as the task supervisor uses it: spawning the task, learning of its exit and of
 * the end of its whole tree, and signalling the tree. {@link OsProcesses} is the real one; tests record
 * the calls and end the task when they choose.
 */
public interface TaskProcesses {
  /** Spawns {@code command} with exactly {@code environment} in {@code directory}; returns the pid (and group). */
  int launch(String command, Map<String, String> environment, Path directory) throws IOException;

  /** What a watch reports, on the loop. */
  interface Watcher {
    /** The task's process ended with this raw wait status. */
    void exited(int rawWaitStatus);

    /** No process of the task's tree is left. */
    void allGone();
  }

  /** Watches the launched task: {@code watcher} hears, on the loop, of its exit and then of its tree's end. */
  void watch(int pid, Watcher watcher);

  /** Sends {@code signal} to every process of the tree and to {@code processGroup} (0 for none). */
  void signalTree(int signal, int processGroup);

  /** Whether any process of the tree is still alive. */
  boolean anyLeft();
}
