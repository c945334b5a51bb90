package io.cookexecutor.task;

import io.cookexecutor.loop.Loop;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@link TaskProcesses} on Linux: posix_spawn, a child subreaper with its reaper thread, tree signals. */
public final class OsProcesses implements TaskProcesses {
  private final ProcessLauncher launcher;
  private final TreeKiller killer;
  private final Loop loop;

  /** Processes of the executor whose pid is {@code executorPid}; the reaper reports on {@code loop}. */
  public OsProcesses(ProcessLauncher launcher, int executorPid, Loop loop) {
    this.launcher = launcher;
    this.killer = new TreeKiller(executorPid);
    this.loop = loop;
  }

  /**
   * This process's pid, from {@code /proc/self}: {@code ProcessHandle.current()} would start the JDK's
   * process reaper thread pool, which the executor, its own reaper, never needs.
   */
  public static int selfPid() {
    try {
      return Integer.parseInt(java.nio.file.Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read this process's pid from /proc/self", e);
    }
  }

  @Override
  public int launch(String command, Map<String, String> environment, Path directory) throws IOException {
    ProcessLauncher.becomeSubreaper();
    return launcher.launch(command, environment, directory);
  }

  @Override
  public void watch(int pid, Watcher watcher) {
    Reaper.start(pid, loop, watcher);
  }

  @Override
  public void signalTree(int signal, int processGroup) {
    killer.signalTree(signal, processGroup);
  }

  @Override
  public boolean anyLeft() {
    return killer.anyLeft();
  }
}
