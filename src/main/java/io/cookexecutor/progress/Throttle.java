package io.cookexecutor.progress;

/**
 * Decides which progress states are sent: a state goes out only when its sequence is above the last sent
 * one and at least the interval has passed since the last send. A state that arrives too early is kept
 * (only the latest one) and goes out as soon as the interval has passed, so the latest state is at most
 * about one interval late even if the job then falls silent. Pure: time is a parameter (nanoseconds on any
 * monotonic scale). Not thread-safe.
 */
final class Throttle {
  private final long intervalNanos;
  private ProgressUpdate pending;
  private int lastSentSequence;
  private boolean sentAny;
  private long lastSentAt;

  Throttle(long intervalNanos) {
    if (intervalNanos < 0) {
      throw new IllegalArgumentException("interval must not be negative");
    }
    this.intervalNanos = intervalNanos;
  }

  /** Records a newly accepted state; it replaces any older one still waiting. */
  void offer(ProgressUpdate update) {
    if (update.sequence() > lastSentSequence
        && (pending == null || update.sequence() > pending.sequence())) {
      pending = update;
    }
  }

  /** The waiting state if it may be sent at {@code now} (it is then counted as sent), else null. */
  ProgressUpdate poll(long now) {
    if (pending == null || (sentAny && now - lastSentAt < intervalNanos)) {
      return null;
    }
    return markSent(now);
  }

  /** The waiting state regardless of the interval (the final flush; it is then counted as sent), or null. */
  ProgressUpdate flush(long now) {
    return pending == null ? null : markSent(now);
  }

  /** Nanoseconds from {@code now} until {@link #poll} would return a state; Long.MAX_VALUE if none waits. */
  long nanosUntilDue(long now) {
    if (pending == null) {
      return Long.MAX_VALUE;
    }
    return sentAny ? Math.max(0, intervalNanos - (now - lastSentAt)) : 0;
  }


  private ProgressUpdate markSent(long now) {
    ProgressUpdate u = pending;
    pending = null;
    lastSentSequence = u.sequence();
    lastSentAt = now;
    sentAny = true;
    return u;
  }
}
