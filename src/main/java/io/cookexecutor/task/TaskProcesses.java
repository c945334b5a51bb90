package io.cookexecutor.task;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The operating system as the task supervisor uses it: spawning the task, learning of its exit and of
 * the end of its whole tree, and signalling the tree. {@link OsProcesses} is the real one; tests record
 * the calls and end the task when they choose.
 */
public interface TaskProcesses {
  /** Spawns {@code command} with exactly {@code environment} in {@code directory}; returns the pid (and group). */
  int launch(String command, Map<String, String> environment, Path directory) throws IOException;

  /**
   * Watches the launched task: {@code onTaskExit} gets its raw wait status, then {@code onAllGone} runs
   * once no process of the tree is left. Both may run on another thread and must only post.
   */
  void watch(int pid, IntConsumer onTaskExit, Runnable onAllGone);

  /** Sends {@code signal} to every process of the tree and to {@code processGroup} (0 for none). */
  void signalTree(int signal, int processGroup);

  /** Whether any process of the tree is still alive. */
  boolean anyLeft();
}
