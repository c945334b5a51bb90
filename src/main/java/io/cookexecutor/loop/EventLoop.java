package io.cookexecutor.loop;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The one thread that owns the executor's state, timers included. Every other thread (the agent's event
 * stream, a call to the agent, the reaper, signals) only posts work here, so state needs no locks: the
 * model of an actor in libprocess or mesos-go's single event loop. Timers run on this thread too, so a
 * waiting executor has no timer thread; the loop parks until the next timer is due or work is posted.
 * It parks rather than waits on a monitor: a monitor waited on is inflated, and the JVM's deflation
 * thread would then wake for it after every one of a quiet executor's rounds.
 */
public final class EventLoop implements Loop {
  // Guarded by this.
  private final ArrayDeque<Runnable> posted = new ArrayDeque<>();
  // Guarded by this.
  private final PriorityQueue<Timer> timers = new PriorityQueue<>();
  // Guarded by this.
  private long sequence;
  private volatile boolean stopped;
  private volatile Thread runner;
  private int exitCode;

  @Override
  public void post(Runnable work) {
    synchronized (this) {
      posted.add(work);
    }
    wake();
  }

  private void wake() {
    Thread t = runner;
    if (t != null && t != Thread.currentThread()) {
      LockSupport.unpark(t);
    }
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable work) {
    Timer t;
    synchronized (this) {
      t = new Timer(System.nanoTime() + Math.max(0, delay.toNanos()), sequence++, work);
      timers.add(t);
    }
    wake();
    return t;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /**
   * Runs posted work and due timers on the calling thread until {@link #stop}; returns the exit code given
   * to it. {@code onFailure} runs on the loop when a work item throws.
   */
  public int run(Consumer<Throwable> onFailure) {
    runner = Thread.currentThread();
    while (!stopped) {
      Runnable work = next();
      if (work == null) {
        break; // interrupted
      }
      try {
        work.run();
      } catch (Throwable t) {
        if (stopped) {
          break;
        }
        onFailure.accept(t);
      }
    }
    return exitCode;
  }

  /**
   * The next work item: a timer that is due (timers first: they were due earlier), else posted work;
   * null when interrupted. A post or a new timer unparks the loop, and a permit given before it parks is
   * kept, so no wake-up is lost.
   */
  private Runnable next() {
    while (!Thread.currentThread().isInterrupted()) {
      long waitNanos;
      synchronized (this) {
        Timer due = timers.peek();
        while (due != null && due.cancelled) {
          timers.poll();
          due = timers.peek();
        }
        long now = System.nanoTime();
        if (due != null && due.at - now <= 0) {
          return timers.poll().work;
        }
        Runnable work = posted.poll();
        if (work != null) {
          return work;
        }
        waitNanos = due == null ? -1 : due.at - now;
      }
      if (waitNanos < 0) {
        LockSupport.park(this);
      } else {
        LockSupport.parkNanos(this, waitNanos);
      }
    }
    return null;
  }

  /** Ends {@link #run} after the current work item; later work is dropped. Loop thread only. */
  @Override
  public void stop(int code) {
    exitCode = code;
    stopped = true;
  }

  @Override
  public boolean stopped() {
    return stopped;
  }

  /** A timer; cancelling marks it, and the loop drops it when it comes up. */
  private static final class Timer implements Comparable<Timer>, Scheduled {
    final long at;
    final long seq;
    final Runnable work;
    volatile boolean cancelled;

    Timer(long at, long seq, Runnable work) {
      this.at = at;
      this.seq = seq;
      this.work = work;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public int compareTo(Timer o) {
      long d = at - o.at;
      return d != 0 ? (d < 0 ? -1 : 1) : Long.compare(seq, o.seq);
    }
  }
}
