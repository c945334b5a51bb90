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

  private final long launchedAt;
  private final Optional<Long> timeoutNanos;
  private final long graceNanos;
  private boolean ended;
  private long endedAt;
  private boolean killed;
  private long killedAt;
  private boolean shutdown;
  private long shutdownAt;
  private boolean gaveUp;

  /**
   * @param launchedAt when the executor was launched, on the caller's clock (nanoseconds)
   * @param timeout how long the task may run from its launch, as Cook's max-runtime; empty for no bound
   * @param grace the task's grace period between SIGTERM and SIGKILL
   */
  public LocalWatch(long launchedAt, Optional<Duration> timeout, Duration grace) {
    this.launchedAt = launchedAt;
    this.timeoutNanos = timeout.map(Duration::toNanos);
    this.graceNanos = Math.max(0, grace.toNanos());
  }

  /** The task's terminal update arrived at {@code now}; later calls change nothing. */
  public void ended(long now) {
    if (!ended) {
      ended = true;
      endedAt = now;
    }
  }

  /** The step due at {@code now}; the caller does it. */
  public Step next(long now) {
    if (gaveUp) {
      return Step.WAIT;
    }
    if (shutdown) {
      if (reached(now, shutdownAt, afterShutdown())) {
        gaveUp = true;
        return Step.GIVE_UP;
      }
      return Step.WAIT;
    }
    if (ended) {
      if (reached(now, endedAt, EXIT_AFTER_END.toNanos())) {
        shutdown(now);
        return Step.SHUTDOWN_AFTER_END;
      }
      return Step.WAIT;
    }
    if (killed) {
      if (reached(now, killedAt, afterKill())) {
        shutdown(now);
        return Step.SHUTDOWN_AFTER_KILL;
      }
      return Step.WAIT;
    }
    if (timeoutNanos.isPresent() && reached(now, launchedAt, timeoutNanos.get())) {
      killed = true;
      killedAt = now;
      return Step.KILL;
    }
    return Step.WAIT;
  }

  /** Nanoseconds from {@code now} until {@link #next} has a step; Long.MAX_VALUE when none ever comes. */
  public long nanosUntilNext(long now) {
    if (gaveUp) {
      return Long.MAX_VALUE;
    }
    if (shutdown) {
      return left(now, shutdownAt, afterShutdown());
    } else if (ended) {
      return left(now, endedAt, EXIT_AFTER_END.toNanos());
    } else if (killed) {
      return left(now, killedAt, afterKill());
    } else if (timeoutNanos.isPresent()) {
      return left(now, launchedAt, timeoutNanos.get());
    }
    return Long.MAX_VALUE;
  }

  private void shutdown(long now) {
    shutdown = true;
    shutdownAt = now;
  }

  private long afterKill() {
    return saturatedAdd(graceNanos, KILL_MARGIN.toNanos());
  }

  private long afterShutdown() {
    return saturatedAdd(graceNanos, SHUTDOWN_MARGIN.toNanos());
  }

  // Times are compared by difference, as System.nanoTime values must be.
  private static boolean reached(long now, long since, long after) {
    return now - since >= after;
  }

  private static long left(long now, long since, long after) {
    return Math.max(0, after - (now - since));
  }

  /** Both non-negative. */
  private static long saturatedAdd(long a, long b) {
    return a > Long.MAX_VALUE - b ? Long.MAX_VALUE : a + b;
  }
}
