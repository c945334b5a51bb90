package io.cookexecutor.task;

import org.apache.mesos.v1.Protos.TaskState;

/** The terminal-state table of the contract: exit 0 finished, exit above 0 failed, a signal killed. */
public final class TerminalState {
  private TerminalState() {}

  /** The terminal state for a task that ended with {@code status}. */
  public static TaskState of(ExitStatus status) {
    if (status.code() == 0) {
      return TaskState.TASK_FINISHED;
    }
    return status.signalled() ? TaskState.TASK_KILLED : TaskState.TASK_FAILED;
  }
}
