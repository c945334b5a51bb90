package io.cookexecutor.task;

import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.posix.Posix;
import java.util.function.IntConsumer;
import io.cookexecutor.log.Log;

/**
 * Waits for every child of the executor: the task, and the orphans it adopts as a child subreaper. Reports
 * the task's wait status, then reports once that no child is left, which means the whole task tree is gone.
 */
final class Reaper {
  private static final Log LOG = Log.of(Reaper.class);

  private Reaper() {}

  /**
   * Starts the thread. {@code onTaskExit} gets the raw wait status of {@code taskPid}; {@code onAllGone}
   * runs when the executor has no child left. Both run on the reaper thread and should only post.
   */
  static void start(int taskPid, IntConsumer onTaskExit, Runnable onAllGone) {
    Threads.start("reaper", () -> {
      int[] status = new int[1];
      while (true) {
        int pid = Posix.waitpid(-1, 0, status);
        if (pid == taskPid) {
          onTaskExit.accept(status[0]);
        } else if (pid > 0) {
          LOG.info("Reaped process {} left behind by the task ({})", pid,
              ExitStatus.fromWaitStatus(status[0]).code());
        } else {
          int errno = -pid;
          if (errno == LibC.EINTR) {
            continue;
          }
          if (errno != LibC.ECHILD) {
            LOG.error("waitpid failed: {}", Posix.strerror(errno));
          }
          onAllGone.run();
          return;
        }
      }
    });
  }
}
