package io.cookexecutor.loop;

import java.time.Duration;

/**
 * What the executor's decisions need from the loop that runs them: posting work, timers, its clock and
 * stopping. {@link EventLoop} is the real one; tests drive the same decisions on a manual clock.
 */
public interface Loop {
  /** Queues work for the loop; safe from any thread. */
  void post(Runnable work);

  /** Runs {@code work} on the loop after {@code delay}. */
  Scheduled schedule(Duration delay, Runnable work);

  /** The loop's monotonic clock, in nanoseconds. */
  long nanoTime();

  /** Ends the loop with {@code code}; later work is dropped. Loop thread only. */
  void stop(int code);

  /** Whether {@link #stop} was called. */
  boolean stopped();
}
