package io.cookexecutor.sidecar.files;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.log.Log;

/**
 * Abandons answers that make no progress. Each exchange is watched from its handler's start; every write of
 * its body that returns is progress, and so is a change of its connection's unacknowledged bytes
 * ({@link SendQueues}): a writer blocked on a slow client is woken only when half its send queue has
 * drained, minutes apart at 1 KB/s, while the client's acknowledgements move that number every few seconds.
 * So an exchange without a write for a quarter of the bound has its queue looked at on every sweep, and each
 * change counts as progress; without either for the bound it is abandoned. An abandoned exchange's
 * thread is interrupted, which closes its connection (the JDK server's socket channel is interruptible), so
 * a client that stops reading costs its connection for at most the bound. A slow download that keeps
 * reading is never cut, however long it takes (the JDK's {@code maxRspTime} would cut it: it bounds the
 * whole answer). The decisions ({@link #sweep}) run on any clock; {@link #startThread} runs them every
 * {@link #tickNanos()} while something is watched, and sleeps while nothing is.
 */
final class StallWatch implements AutoCloseable {
  private static final Log LOG = Log.of(StallWatch.class);

  private final long boundNanos;
  private final LongSupplier clock;
  private final Supplier<Map<String, Long>> queues;
  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  private volatile Thread sweeper;
  private volatile boolean idle;
  private volatile boolean closed;
  /** When a failed sweep was last logged (sweeper only); UNNOTED before the first. */
  private long lastFailureLog = UNNOTED;

  /** {@code queues}: unacknowledged bytes by {@link SendQueues#keys}, read only when a decision needs them. */
  StallWatch(long boundNanos, LongSupplier clock, Supplier<Map<String, Long>> queues) {
    this.boundNanos = boundNanos;
    this.clock = clock;
    this.queues = queues;
  }

  /** Watches an exchange whose connection has these {@link SendQueues} keys; abandoning it runs {@code abandon}. */
  Watched start(Runnable abandon, List<String> keys) {
    Watched w = new Watched(abandon, keys, clock.getAsLong());
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
    Map<String, Long> known = null;
    int abandoned = 0;
    for (Watched w : watched) {
      long still = now - w.lastProgress;
      if (still <= boundNanos / 4) {
        continue; // wrote recently
      }
      if (known == null) {
        known = queues.get();
      }
      long queue = w.queue(known);
      if (queue != NOT_FOUND && w.noted != UNNOTED && queue != w.noted) {
        w.noted = queue; // the client acknowledged something since the last look: moving
        w.lastProgress = now;
        continue;
      }
      w.noted = queue;
      if (still > boundNanos && w.abandon()) {
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

  private static final long UNNOTED = Long.MIN_VALUE;
  private static final long NOT_FOUND = -1;

  int watching() {
    return watched.size();
  }

  /** How often the sweeper looks: a quarter of the bound, at most a second. */
  long tickNanos() {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(TimeUnit.SECONDS.toNanos(1), boundNanos / 4));
  }

  /** Sweeps on a daemon thread until {@link #close}. */
  StallWatch startThread() {
    Thread t = Threads.daemon("file-server-stalls", () -> {
      while (!closed) {
        idle = true; // before looking: a start() after this wakes it
        if (watched.isEmpty()) {
          LockSupport.park(this);
        } else {
          idle = false;
          LockSupport.parkNanos(this, tickNanos());
          tick();
        }
      }
    });
    sweeper = t; // before it runs: a start() from then on can wake it
    t.start();
    return this;
  }

  /**
   * One sweep. It may fail while the heap is full for a moment: the next tick sweeps again, and the failure
   * is logged at most once per bound, so a lasting one neither floods the log nor goes unseen.
   */
  void tick() {
    try {
      sweep();
    } catch (RuntimeException | OutOfMemoryError e) {
      long now = clock.getAsLong();
      if (lastFailureLog == UNNOTED || now - lastFailureLog >= boundNanos) {
        lastFailureLog = now;
        try {
          LOG.warn("file server: a sweep for stalled answers failed (logged at most once per {} s): {}",
              TimeUnit.NANOSECONDS.toSeconds(boundNanos), e.toString());
        } catch (OutOfMemoryError again) {
          // no memory even to say so: the next failure tries again
          lastFailureLog = UNNOTED;
        }
      }
    }
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
    private final List<String> keys;
    private volatile long lastProgress;
    /** Its unacknowledged bytes when last noted (sweeper only); reset by each write. */
    private volatile long noted = UNNOTED;
    // Guarded by this: an abandonment and the end of the watch exclude each other.
    private boolean over;
    private boolean abandoned;

    private Watched(Runnable abandon, List<String> keys, long now) {
      this.abandon = abandon;
      this.keys = keys;
      this.lastProgress = now;
    }

    void progress() {
      lastProgress = clock.getAsLong();
      noted = UNNOTED;
    }

    private long queue(Map<String, Long> known) {
      for (String key : keys) {
        Long q = known.get(key);
        if (q != null) {
          return q;
        }
      }
      return NOT_FOUND;
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
