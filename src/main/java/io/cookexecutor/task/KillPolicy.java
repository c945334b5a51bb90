package io.cookexecutor.task;

import java.time.Duration;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskInfo;

/** Chooses a kill's grace period and when to escalate to SIGKILL. Pure, so tests need no clock. */
public final class KillPolicy {
  /** Kept back from the grace period for the executor's own clean-up before the agent's deadline. */
  static final Duration CLEANUP_MARGIN = Duration.ofMillis(100);

  private KillPolicy() {}

  /** The KILL event's grace period, else the task's {@code kill_policy}, else {@code fallback}. */
  public static Duration gracePeriod(Optional<Duration> fromEvent, TaskInfo task, Duration fallback) {
    if (fromEvent.isPresent()) {
      return nonNegative(fromEvent.get());
    }
    if (task != null && task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()) {
      return nonNegative(Duration.ofNanos(task.getKillPolicy().getGracePeriod().getNanoseconds()));
    }
    return fallback;
  }

  /** How long after SIGTERM the remaining processes get SIGKILL. */
  public static Duration escalationDelay(Duration grace) {
    Duration d = grace.minus(CLEANUP_MARGIN);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /**
   * The SIGKILL deadline after a new kill request: a later request may only bring it forward, never
   * postpone it (as the Mesos command executor does).
   */
  public static long deadline(long currentDeadlineNanos, boolean hasCurrent, long nowNanos, Duration grace) {
    long proposed = nowNanos + escalationDelay(grace).toNanos();
    return hasCurrent && currentDeadlineNanos - proposed <= 0 ? currentDeadlineNanos : proposed;
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
