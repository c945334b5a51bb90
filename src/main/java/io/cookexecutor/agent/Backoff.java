package io.cookexecutor.agent;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Waits between re-SUBSCRIBE attempts: doubling from a small base, jittered, and never longer than the
 * agent's {@code MESOS_SUBSCRIPTION_BACKOFF_MAX}, so at least one attempt lands in each such interval (a
 * recovering agent treats a silent executor as hung).
 */
public final class Backoff {
  private static final long BASE_MS = 50;

  private final long maxMs;
  private int attempt;

  public Backoff(Duration max) {
    this.maxMs = Math.max(1, max.toMillis());
  }

  /** The wait before the next attempt; {@code random} in [0,1) supplies the jitter. */
  public Duration next(double random) {
    long ceiling = Math.min(maxMs, BASE_MS << Math.min(attempt, 20));
    attempt++;
    long wait = ceiling / 2 + (long) (random * (ceiling - ceiling / 2));
    return Duration.ofMillis(Math.min(maxMs, Math.max(1, wait)));
  }

  /** The wait before the next attempt, with random jitter. */
  public Duration next() {
    return next(ThreadLocalRandom.current().nextDouble());
  }

  /** Starts over after a successful subscription. */
  public void reset() {
    attempt = 0;
  }
}
