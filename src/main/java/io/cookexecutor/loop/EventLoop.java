package io.cookexecutor.loop;

import io.cookexecutor.lifetime.Threads;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one thread that owns the executor's state. Every other thread (agent stream, sender, reaper, timers,
 * progress, signals) only posts work here, so state needs no locks: the model of an actor in libprocess or
 * mesos-go's single event loop.
 */
public final class EventLoop implements Loop {
  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final ScheduledExecutorService timer;
  private volatile boolean stopped;
  private int exitCode;

  public EventLoop() {
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> Threads.daemon("timer", r));
  }

  @Override
  public void post(Runnable work) {
    queue.add(work);
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable work) {
    ScheduledFuture<?> f = timer.schedule(() -> post(work), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /** Runs {@code work} on the loop every {@code period}. */
  public ScheduledFuture<?> every(Duration period, Runnable work) {
    long nanos = Math.max(1, period.toNanos());
    return timer.scheduleAtFixedRate(() -> post(work), nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Runs posted work on the calling thread until {@link #stop}; returns the exit code given to it.
   * {@code onFailure} runs on the loop when a work item throws.
   */
  public int run(Consumer<Throwable> onFailure) {
    while (!stopped) {
      Runnable work;
      try {
        work = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
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
    timer.shutdownNow();
    return exitCode;
  }

  /** Ends {@link #run()} after the current work item; later work is dropped. Loop thread only. */
  @Override
  public void stop(int code) {
    exitCode = code;
    stopped = true;
  }

  @Override
  public boolean stopped() {
    return stopped;
  }
}
