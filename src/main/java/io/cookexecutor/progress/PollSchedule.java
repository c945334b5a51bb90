package io.cookexecutor.progress;

import java.util.concurrent.TimeUnit;

/**
 * When the tracker thread looks at its locations again, as a pure decision on the tracker's clock: while
 * output flows it reads on at once; when every location is quiet it waits, doubling from 10 ms up to the
 * smaller of 250 ms and the sample interval; after a second of quiet it arms the directory watch
 * (inotify) and then waits up to 2 s between looks, a safety net for missed events; new data disarms the
 * watch. A state the sample interval held back is due no later than the wait. Owned by the tracker thread.
 */
final class PollSchedule {
  /** Shortest wait between looks at quiet locations. */
  static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /** Longest wait between looks at quiet locations (unless the sample interval is shorter). */
  static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  /** Longest wait when directory changes wake the thread. */
  static final long WATCHED_MAX_POLL_NANOS = TimeUnit.SECONDS.toNanos(2);
  /** Quiet time after which the directory watch is armed. */
  static final long ARM_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

  /**
   * What to do after a round over the locations.
   *
   * @param disarm disarm the directory watch (data came: events are not needed while it flows)
   * @param arm arm the directory watch, and if that works look once more at once (output written just
   *     before arming raised no event)
   * @param parkNanos how long to wait before the next round; 0 for at once
   */
  record Next(boolean disarm, boolean arm, long parkNanos) {}

  private final long maxPollNanos;
  private long idle = MIN_POLL_NANOS;
  private long lastData;

  /** {@code sampleIntervalNanos} bounds the quiet wait; {@code now} is when reading starts. */
  PollSchedule(long sampleIntervalNanos, long now) {
    this.maxPollNanos = Math.min(MAX_POLL_NANOS, Math.max(MIN_POLL_NANOS, sampleIntervalNanos));
    this.lastData = now;
  }

  /**
   * After a round at {@code now}: whether it read data, whether a location has more to read at once,
   * whether there is a directory watch and whether it is armed, and when the next held-back state is due.
   */
  Next next(long now, boolean gotData, boolean moreToRead, boolean watchable, boolean armed, long nanosUntilDue) {
    boolean disarm = false;
    if (gotData) {
      lastData = now;
      disarm = armed;
      armed = false;
    }
    if (moreToRead) {
      return new Next(disarm, false, 0);
    }
    boolean arm = watchable && !armed && now - lastData > ARM_AFTER_NANOS;
    long max = armed ? WATCHED_MAX_POLL_NANOS : maxPollNanos;
    idle = gotData ? MIN_POLL_NANOS : Math.min(idle * 2, max);
    return new Next(disarm, arm, Math.max(1, Math.min(idle, nanosUntilDue)));
  }
}
