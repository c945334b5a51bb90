package io.cookexecutor.sidecar.files;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Abandons answers that make no progress. Each exchange is watched from its handler's start; every write of
 * its body that returns is progress. One whose last progress is older than the bound is abandoned: its
 * thread is interrupted, which closes its connection (the JDK server's socket channel is interruptible), so
 * a client that stops reading costs its connection for at most the bound. A slow download that keeps
 * reading is never cut, however long it takes (the JDK's {@code maxRspTime} would cut it: it bounds the
 * whole answer). The decisions ({@link #sweep}) run on any clock; {@link #startThread} runs them every
 * {@link #tickNanos()} while something is watched, and sleeps while nothing is.
 */
final class StallWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

  private final long boundNanos;
  private final LongSupplier clock;
  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  private volatile Thread sweeper;
  private volatile boolean idle;
  private volatile boolean closed;

  StallWatch(long boundNanos, LongSupplier clock) {
    this.boundNanos = boundNanos;
    this.clock = clock;
  }

  /** Watches the calling thread's exchange; its abandonment interrupts this thread. */
  Watched start() {
    Thread me = Thread.currentThread();
    return start(me::interrupt);
  }

  /** Watches an exchange whose abandonment runs {@code abandon}. */
  Watched start(Runnable abandon) {
    Watched w = new Watched(abandon, clock.getAsLong());
    watched.add(w);
    Thread t = sweeper;
    if (idle && t != null) {
      idle = false;
      LockSupport.unpark(t); // it sleeps while nothing is watched
    }
    return w;
  }

  /** Abandons every exchange without progress for the bound; returns how many. */
  int sweep() {
    long now = clock.getAsLong();
    int abandoned = 0;
    for (Watched w : watched) {
      if (now - w.lastProgress > boundNanos && w.abandon()) {
        watched.remove(w);
        abandoned++;
      }
    }
    if (abandoned > 0) {
      LOG.info("file server: abandoned {} answer(s) whose client read nothing for {} s", abandoned,
          TimeUnit.NANOSECONDS.toSeconds(boundNanos));
    }
    return abandoned;
  }

  int watching() {
    return watched.size();
  }

  /** How often the sweeper looks: a quarter of the bound, at most a second. */
  long tickNanos() {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), boundNanos / 4));
  }

  /** Sweeps on a daemon thread until {@link #close}. */
  StallWatch startThread() {
    Thread t = new Thread(() -> {
      while (!closed) {
        idle = true; // before looking: a start() after this wakes it
        if (watched.isEmpty()) {
          LockSupport.park(this);
        } else {
          idle = false;
          LockSupport.parkNanos(this, tickNanos());
          sweep();
        }
      }
    }, "file-server-stalls");
    t.setDaemon(true);
    sweeper = t;
    t.start();
    return this;
  }

  @Override
  public void close() {
    closed = true;
    Thread t = sweeper;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** One watched exchange: {@link #progress} after each write, {@link #close} when it is over. */
  final class Watched implements AutoCloseable {
    private final Runnable abandon;
    private volatile long lastProgress;
    private boolean over;
    private boolean abandoned;

    private Watched(Runnable abandon, long now) {
      this.abandon = abandon;
      this.lastProgress = now;
    }

    void progress() {
      lastProgress = clock.getAsLong();
    }

    /** Whether this exchange was abandoned (its connection closed) by the watch. */
    synchronized boolean abandoned() {
      return abandoned;
    }

    private synchronized boolean abandon() {
      if (over) {
        return false;
      }
      abandoned = true;
      over = true;
      abandon.run();
      return true;
    }

    /**
     * Ends the watch. Under the same lock as {@link #abandon}, so an abandonment can never reach a later
     * exchange on the same (pooled) thread; an interrupt that came for this one is cleared.
     */
    @Override
    public void close() {
      boolean wasAbandoned;
      synchronized (this) {
        over = true;
        wasAbandoned = abandoned;
      }
      watched.remove(this);
      if (wasAbandoned) {
        Thread.interrupted();
      }
    }
  }
}
