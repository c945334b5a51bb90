package io.cookexecutor.task;

import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.log.Log;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.posix.Posix;

/**
 * Waits for every child of the executor, on a thread of its own: the task, and the orphans it adopts as a
 * child subreaper. Reports the task's wait status, then reports once that no child is left, which means the
 * whole task tree is gone; both on the loop. (Its reports are objects of its own, not lambdas: every
 * lambda is a class each executor start loads.)
 */
final class Reaper implements Runnable {
  private static final Log LOG = Log.of(Reaper.class);

  private final int taskPid;
  private final Loop loop;
  private final TaskProcesses.Watcher watcher;

  private Reaper(int taskPid, Loop loop, TaskProcesses.Watcher watcher) {
    this.taskPid = taskPid;
    this.loop = loop;
    this.watcher = watcher;
  }

  /** Starts the thread, named {@code reaper}, for the task {@code taskPid}. */
  static void start(int taskPid, Loop loop, TaskProcesses.Watcher watcher) {
    Threads.start("reaper", new Reaper(taskPid, loop, watcher));
  }

  @Override
  public void run() {
    int[] status = new int[1];
    while (true) {
      int pid = Posix.waitpid(-1, 0, status);
      if (pid == taskPid) {
        loop.post(new Report(watcher, status[0]));
      } else if (pid > 0) {
        LOG.info("Reaped process {} left behind by the task ({})", pid, ExitStatus.fromWaitStatus(status[0]).code());
      } else {
        int errno = -pid;
        if (errno == LibC.EINTR) {
          continue;
        }
        if (errno != LibC.ECHILD) {
          LOG.error("waitpid failed: {}", Posix.strerror(errno));
        }
        loop.post(new Report(watcher, -1));
        return;
      }
    }
  }

  /** What the reaper found, told to the watcher on the loop: the task's raw wait status, or -1 for "all gone". */
  private static final class Report implements Runnable {
    private final TaskProcesses.Watcher watcher;
    private final int rawWaitStatus;

    Report(TaskProcesses.Watcher watcher, int rawWaitStatus) {
      this.watcher = watcher;
      this.rawWaitStatus = rawWaitStatus;
    }

    @Override
    public void run() {
      if (rawWaitStatus < 0) {
        watcher.allGone();
      } else {
        watcher.exited(rawWaitStatus);
      }
    }
  }
}
