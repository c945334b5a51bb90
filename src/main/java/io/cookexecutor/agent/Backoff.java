package io.cookexecutor.agent;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Waits between attempts: doubling from a base, jittered down to at most half, and never longer than the
 * agent's {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}, so at least one attempt lands in each such interval (a
 * recovering agent treats a silent executor as hung).
 */
public final class Backoff {
  /** The base of re-SUBSCRIBE attempts. */
  static final Duration SUBSCRIBE_BASE = Duration.ofMillis(50);

  private final long baseMs;
  private final long maxMs;
  private final DoubleSupplier random;
  private int attempt;

  /** {@code random} in [0,1) supplies the jitter. */
  public Backoff(Duration base, Duration max, DoubleSupplier random) {
    this.baseMs = Math.max(1, base.toMillis());
    this.maxMs = Math.max(1, max.toMillis());
    this.random = random;
  }

  /** The wait before the next attempt. */
  public Duration next() {
    long ceiling = Math.min(maxMs, baseMs << Math.min(attempt, 20));
    attempt++;
    long wait = ceiling / 2 + (long) (random.getAsDouble() * (ceiling - ceiling / 2));
    return Duration.ofMillis(Math.min(maxMs, Math.max(1, wait)));
  }

  /** Starts over after a success. */
  public void reset() {
    attempt = 0;
  }
}
