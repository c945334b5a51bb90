package io.cookexecutor.progress;

/**
 * When the tracker looks at its locations again, as a pure decision on the tracker's clock: while output
 * flows it reads on at once; when every location is quiet it waits, doubling from 10 ms up to the smaller
 * of 250 ms and the sample interval. A state the sample interval held back is due no later than the wait.
 * A quiet look costs a few system calls; four a second stay far below the executor's idle budget, which is
 * why there is no inotify watch, and no thread for one.
 */
final class PollSchedule {
  /** Shortest wait between looks at quiet locations. */
  static final long MIN_POLL_NANOS = 10_000_000L;
  /** Longest wait between looks at quiet locations (unless the sample interval is shorter). */
  static final long MAX_POLL_NANOS = 250_000_000L;

  private final long maxPollNanos;
  private long idle = MIN_POLL_NANOS;

  /** {@code sampleIntervalNanos} bounds the quiet wait. */
  PollSchedule(long sampleIntervalNanos) {
    this.maxPollNanos = Math.min(MAX_POLL_NANOS, Math.max(MIN_POLL_NANOS, sampleIntervalNanos));
  }

  /**
   * After a round, the nanoseconds to wait before the next one (0 for at once): given whether it read
   * data, whether a location has more to read at once, and when the next held-back state is due.
   */
  long next(boolean gotData, boolean moreToRead, long nanosUntilDue) {
    if (moreToRead) {
      return 0;
    }
    idle = gotData ? MIN_POLL_NANOS : Math.min(idle * 2, maxPollNanos);
    return Math.max(1, Math.min(idle, nanosUntilDue));
  }
}
