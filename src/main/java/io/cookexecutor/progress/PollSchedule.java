package io.cookexecutor.progress;

/**
 * When the tracker looks at its locations again, as a pure decision: while output flows it reads on at
 * once; when every location is quiet it waits, doubling from 10 ms up to the smaller of 250 ms and the
 * sample interval, and after {@link #LONG_QUIET_NANOS} of quiet up to a second (never more than the
 * interval). A state the sample interval held back is due no later than the wait. A quiet look costs a
 * few system calls; a sleeping task's tracker looks once a second, which keeps its executor near an empty
 * JVM's idle CPU without an inotify watch and a thread for it.
 */
final class PollSchedule {
  /** Shortest wait between looks at quiet locations. */
  static final long MIN_POLL_NANOS = 10_000_000L;
  /** Longest wait between looks at quiet locations while output came recently. */
  static final long MAX_POLL_NANOS = 250_000_000L;
  /** Longest wait once the locations have been quiet for {@link #LONG_QUIET_NANOS}. */
  static final long QUIET_POLL_NANOS = 1_000_000_000L;
  /** Quiet time after which the waits may grow to {@link #QUIET_POLL_NANOS}. */
  static final long LONG_QUIET_NANOS = 5_000_000_000L;

  private final long maxPollNanos;
  private final long quietPollNanos;
  private long idle = MIN_POLL_NANOS;
  private long quietFor;

  /** {@code sampleIntervalNanos} bounds the quiet wait. */
  PollSchedule(long sampleIntervalNanos) {
    long interval = Math.max(MIN_POLL_NANOS, sampleIntervalNanos);
    this.maxPollNanos = Math.min(MAX_POLL_NANOS, interval);
    this.quietPollNanos = Math.max(maxPollNanos, Math.min(QUIET_POLL_NANOS, interval));
  }

  /**
   * After a round, the nanoseconds to wait before the next one (0 for at once): given whether it read
   * data, whether a location has more to read at once, and when the next held-back state is due.
   */
  long next(boolean gotData, boolean moreToRead, long nanosUntilDue) {
    if (moreToRead) {
      return 0;
    }
    if (gotData) {
      idle = MIN_POLL_NANOS;
      quietFor = 0;
    } else {
      quietFor += idle;
      idle = Math.min(idle * 2, quietFor >= LONG_QUIET_NANOS ? quietPollNanos : maxPollNanos);
    }
    return Math.max(1, Math.min(idle, nanosUntilDue));
  }
}
