package io.cookexecutor.local;

import java.time.Duration;
import java.util.Optional;

/**
 * What {@code local} does while its executor runs, with time as a parameter and no I/O. The task may run
 * as long as it likes (a Cook job runs for hours); only {@code --timeout} ends it, as Cook's max-runtime
 * does: {@code KILL}, then the task's grace period. Once the task has ended or been killed every wait is
 * bounded, so a stuck executor never holds {@code local}:
 * <ul>
 *   <li>at {@code launch + timeout}, while no terminal update has arrived: {@link Step#KILL};
 *   <li>{@link #KILL_MARGIN} past the grace after that kill, still no terminal update:
 *       {@link Step#SHUTDOWN_AFTER_KILL};
 *   <li>{@link #EXIT_AFTER_END} after the terminal update, the executor still running:
 *       {@link Step#SHUTDOWN_AFTER_END};
 *   <li>{@link #SHUTDOWN_MARGIN} past the grace after a SHUTDOWN: {@link Step#GIVE_UP} (the agent then
 *       SIGKILLs what is left).
 * </ul>
 * Each step is returned once. Not thread-safe: the one waiting thread owns it.
 */
public final class LocalWatch {
  /** Beyond the grace, for the executor to reap its killed task and send TASK_KILLED. */
  static final Duration KILL_MARGIN = Duration.ofSeconds(15);
  /**
   * For the executor to exit once it has sent the terminal update: its exit window for the last messages
   * is a few seconds; this is well beyond it.
   */
  static final Duration EXIT_AFTER_END = Duration.ofSeconds(30);
  /** Beyond the grace, for the executor to exit after SHUTDOWN. */
  static final Duration SHUTDOWN_MARGIN = Duration.ofSeconds(5);

  /** What to do now. */
  public enum Step {
    /** Nothing: keep waiting for the executor. */
    WAIT,
    /** The timeout was reached: send KILL for the task. */
    KILL,
    /** The task did not end after the kill: send SHUTDOWN. */
    SHUTDOWN_AFTER_KILL,
    /** The task ended but the executor did not exit: send SHUTDOWN. */
    SHUTDOWN_AFTER_END,
    /** The executor did not exit after SHUTDOWN either: stop waiting for it. */
    GIVE_UP
  }

  /** Where the run is: each step moves it on, the terminal update too. */
  private enum Phase { RUNNING, KILLED, ENDED, SHUTDOWN, GAVE_UP }

  private final Optional<Long> timeoutNanos;
  private final long graceNanos;
  private Phase phase = Phase.RUNNING;
  /** When the phase began, on the caller's clock. */
  private long since;

  /**
   * @param launchedAt when the executor was launched, on the caller's clock (nanoseconds)
   * @param timeout how long the task may run from its launch, as Cook's max-runtime; empty for no bound
   * @param grace the task's grace period between SIGTERM and SIGKILL
   */
  public LocalWatch(long launchedAt, Optional<Duration> timeout, Duration grace) {
    this.since = launchedAt;
    this.timeoutNanos = timeout.map(Duration::toNanos);
    this.graceNanos = Math.max(0, grace.toNanos());
  }

  /** The task's terminal update arrived at {@code now}; later calls change nothing. */
  public void ended(long now) {
    if (phase == Phase.RUNNING || phase == Phase.KILLED) {
      phase = Phase.ENDED;
      since = now;
    }
  }

  /** The step due at {@code now}; the caller does it. */
  public Step next(long now) {
    long due = due();
    // Times are compared by difference, as System.nanoTime values must be.
    if (due < 0 || now - since < due) {
      return Step.WAIT;
    }
    Step step = switch (phase) {
      case RUNNING -> Step.KILL;
      case KILLED -> Step.SHUTDOWN_AFTER_KILL;
      case ENDED -> Step.SHUTDOWN_AFTER_END;
      default -> Step.GIVE_UP;
    };
    phase = step == Step.KILL ? Phase.KILLED : step == Step.GIVE_UP ? Phase.GAVE_UP : Phase.SHUTDOWN;
    since = now;
    return step;
  }

  /** Nanoseconds from {@code now} until {@link #next} has a step; Long.MAX_VALUE when none ever comes. */
  public long nanosUntilNext(long now) {
    long due = due();
    return due < 0 ? Long.MAX_VALUE : Math.max(0, due - (now - since));
  }

  /** How long after {@link #since} this phase's step is due; -1 when it has none. */
  private long due() {
    return switch (phase) {
      case RUNNING -> timeoutNanos.orElse(-1L);
      case KILLED -> saturatedAdd(graceNanos, KILL_MARGIN.toNanos());
      case ENDED -> EXIT_AFTER_END.toNanos();
      case SHUTDOWN -> saturatedAdd(graceNanos, SHUTDOWN_MARGIN.toNanos());
      case GAVE_UP -> -1;
    };
  }

  /** Both non-negative. */
  private static long saturatedAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
