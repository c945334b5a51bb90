package io.cookexecutor.loop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * A {@link Loop} on a manual clock, run by the test's own thread: posted work runs when the test calls
 * {@link #runReady} or {@link #advance}; timers fire only when the clock is advanced past them. Like
 * OkHttp's fake-clock tests of its connection pool: no threads, no sleeps, every decision visible.
 */
public final class ManualLoop implements Loop {
  private final Deque<Runnable> ready = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  private Consumer<Throwable> onFailure = ManualLoop::rethrow;
  private long now;
  private long sequence;
  private boolean stopped;
  private int exitCode = -1;

  /** Where a failure of posted work goes (the executor's failure path); by default it is rethrown. */
  public void onFailure(Consumer<Throwable> handler) {
    onFailure = handler;
  }

  @Override
  public void post(Runnable work) {
    ready.add(work);
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable work) {
    Timer t = new Timer(now + Math.max(0, delay.toNanos()), sequence++, work);
    timers.add(t);
    return () -> timers.remove(t);
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public void stop(int code) {
    if (!stopped) {
      exitCode = code;
      stopped = true;
    }
  }

  @Override
  public boolean stopped() {
    return stopped;
  }

  /** The code given to {@link #stop}, or -1. */
  public int exitCode() {
    return exitCode;
  }

  /** Time since the loop was made. */
  public Duration elapsed() {
    return Duration.ofNanos(now);
  }

  /** Runs the oldest posted work item, if any; false when there was none. */
  public boolean runNext() {
    Runnable work = ready.poll();
    if (work == null || stopped) {
      return false;
    }
    try {
      work.run();
    } catch (Throwable t) {
      onFailure.accept(t);
    }
    return true;
  }

  /** Runs posted work (and what it posts) until none is left or the loop stopped. */
  public void runReady() {
    while (!stopped && !ready.isEmpty()) {
      Runnable work = ready.poll();
      try {
        work.run();
      } catch (Throwable t) {
        onFailure.accept(t);
      }
    }
  }

  /** Moves the clock forward by {@code d}, firing every timer due on the way, in order. */
  public void advance(Duration d) {
    long target = now + d.toNanos();
    runReady();
    while (!stopped && !timers.isEmpty() && timers.peek().due <= target) {
      Timer t = timers.poll();
      now = Math.max(now, t.due);
      post(t.work);
      runReady();
    }
    if (!stopped) {
      now = target;
    }
  }

  /** Advances in steps of {@code step} until the loop stops or {@code limit} has passed; false if it did not stop. */
  public boolean advanceUntilStopped(Duration step, Duration limit) {
    long end = now + limit.toNanos();
    while (!stopped && now < end) {
      advance(step);
    }
    return stopped;
  }

  private static void rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      throw r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(t);
  }

  private static final class Timer implements Comparable<Timer> {
    final long due;
    final long seq;
    final Runnable work;

    Timer(long due, long seq, Runnable work) {
      this.due = due;
      this.seq = seq;
      this.work = work;
    }

    @Override
    public int compareTo(Timer o) {
      return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
    }
  }
}
