package io.cookexecutor.task;

/**
 * Where the task is, each phase with what is known in it, so that no impossible combination can be
 * written: no exit status before the exit, no flush before the exit, nothing after the terminal state.
 * The {@link TaskSupervisor}'s state.
 */
sealed interface Phase {
  /** Not launched yet. */
  record Waiting() implements Phase {}

  /** The command runs; {@code killing} once a kill was requested (its tree got SIGTERM). */
  record Running(int pid, boolean killing) implements Phase {}

  /** The command exited with {@code exit}; the task ends once its tree is gone and its progress flushed. */
  record Exited(int pid, ExitStatus exit, boolean treeGone, boolean progressDone) implements Phase {
    Exited withTreeGone() {
      return new Exited(pid, exit, true, progressDone);
    }

    Exited withProgressDone() {
      return new Exited(pid, exit, treeGone, true);
    }
  }

  /** The terminal state was reported. */
  record Over() implements Phase {}
}
