package io.cookexecutor.sidecar.files;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How many exchanges may run at once, and what happens to the next one when that many already do. On virtual
 * threads a slow client costs no thread, but the JDK server still gives each running exchange about 40 KiB
 * of heap (its connection's stream buffers, the request's line buffer, the parked thread's stack), so the
 * number that fits in the heap is the real bound: past it the heap runs out and then nobody is answered. An
 * exchange not yet started costs next to nothing (the JDK allocates those buffers when it starts), so past
 * the bound a newcomer waits its turn, first come first served, and a place is made for it by evicting the
 * exchange that has spent longest reading its request line and headers (over {@link #HEAD_GRACE_NANOS}: a
 * real client sends them in one packet, read within microseconds once its exchange runs; a slowloris never
 * finishes), else the answer that has run longest (over {@link #ANSWER_GRACE_NANOS}: a slow download).
 * Evicting closes the victim's connection. A waiting exchange is bounded by the JDK server's own request
 * deadline, which closes its connection; only when {@link #MAX_WAITING} wait already is one refused. The
 * decisions run on any clock and touch no thread: the caller's {@link Job} starts and evicts.
 */
final class ExchangeBudget {
  static final long HEAD_GRACE_NANOS = 10_000_000L;
  static final long ANSWER_GRACE_NANOS = 10_000_000_000L;
  /** Evicted exchanges end within milliseconds; until they do, at most this many more run. */
  static final int EVICTED_SLACK = 16;
  static final int MAX_WAITING = 1024;
  static final long NEVER = Long.MAX_VALUE;

  /** The caller's side of one exchange. */
  interface Job {
    /** Runs the exchange (it calls {@link Exchange#done} when over). */
    void start(Exchange exchange);

    /** Closes its connection, so that it ends at once. */
    void evict();
  }

  /**
   * What to do with an offered exchange: refuse it; which exchanges (maybe it) to start now; and, while some
   * wait, when to {@link #promote} again (the clock's time at which a running exchange passes its grace;
   * {@link #NEVER} when none will, or none waits: an exchange's end promotes too).
   */
  record Decision(boolean refused, List<Exchange> start, long promoteAt) {
    void apply() {
      for (Exchange e : start) {
        e.job.start(e);
      }
    }
  }

  private final int capacity;
  private final LongSupplier clock;
  // Guarded by this: the lists, the counts, and each Exchange's started, answeringSince and evicted.
  private final List<Exchange> running = new ArrayList<>();
  private final ArrayDeque<Exchange> waiting = new ArrayDeque<>();
  private int evictedRunning;
  private long evictions;
  private long refusals;
  private long waited;

  ExchangeBudget(int capacity, LongSupplier clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  /** Exchanges the heap holds: {@code (maxHeap - reserve) / perExchange}, within [min, max]. */
  static int capacityFor(long maxHeapBytes, long reserveBytes, long perExchangeBytes, int min, int max) {
    long fits = (maxHeapBytes - reserveBytes) / perExchangeBytes;
    return (int) Math.max(min, Math.min(max, fits));
  }

  /** A new exchange: started now, made to wait, or refused. */
  synchronized Decision offer(Job job) {
    if (waiting.size() >= MAX_WAITING) {
      refusals++;
      return new Decision(true, List.of(), NEVER);
    }
    Exchange e = new Exchange(job);
    waiting.addLast(e);
    Decision d = promote();
    if (!d.start().contains(e)) {
      waited++;
    }
    return d;
  }

  /** Makes places for waiting exchanges where it can (when a decision's {@code promoteAt} comes). */
  synchronized Decision promote() {
    List<Exchange> start = List.of();
    long now = clock.getAsLong();
    while (!waiting.isEmpty()) {
      if (running.size() - evictedRunning >= capacity) {
        Exchange victim = evictedRunning < EVICTED_SLACK ? victim(now) : null;
        if (victim == null) {
          break;
        }
        victim.evicted = true;
        evictedRunning++;
        evictions++;
        victim.job.evict();
      }
      Exchange e = waiting.removeFirst();
      e.started = now;
      running.add(e);
      if (start.isEmpty()) {
        start = new ArrayList<>(2);
      }
      start.add(e);
    }
    return new Decision(false, start, waiting.isEmpty() ? NEVER : nextGraceEnd());
  }

  /** When the next running exchange passes its grace (a victim may then be found). */
  private long nextGraceEnd() {
    assert Thread.holdsLock(this);
    long next = NEVER;
    for (Exchange e : running) {
      if (!e.evicted) {
        long end = e.answeringSince == NOT_YET ? e.started + HEAD_GRACE_NANOS
            : e.answeringSince + ANSWER_GRACE_NANOS;
        next = Math.min(next, end + 1);
      }
    }
    return next;
  }

  private Exchange victim(long now) {
    assert Thread.holdsLock(this);
    Exchange reading = null;
    Exchange answering = null;
    for (Exchange e : running) {
      if (e.evicted) {
        continue;
      }
      if (e.answeringSince == NOT_YET) {
        if (now - e.started > HEAD_GRACE_NANOS && (reading == null || e.started < reading.started)) {
          reading = e;
        }
      } else if (now - e.answeringSince > ANSWER_GRACE_NANOS
          && (answering == null || e.answeringSince < answering.answeringSince)) {
        answering = e;
      }
    }
    return reading != null ? reading : answering;
  }

  synchronized int running() {
    return running.size();
  }

  synchronized int waiting() {
    return waiting.size();
  }

  /** Evictions, refusals and exchanges that waited so far, for the log. */
  synchronized long[] counts() {
    return new long[] {evictions, refusals, waited};
  }

  int capacity() {
    return capacity;
  }

  private static final long NOT_YET = Long.MIN_VALUE;

  /** One exchange: {@link #answering} once its request was read, {@link #done} when it ends. */
  final class Exchange {
    private final Job job;
    private long started;
    private long answeringSince = NOT_YET;
    private boolean evicted;

    private Exchange(Job job) {
      this.job = job;
    }

    void answering() {
      synchronized (ExchangeBudget.this) {
        if (answeringSince == NOT_YET) {
          answeringSince = clock.getAsLong();
        }
      }
    }

    /** Ends it: the exchanges that may start in its place. */
    Decision done() {
      synchronized (ExchangeBudget.this) {
        if (running.remove(this) && evicted) {
          evictedRunning--;
        }
        return promote();
      }
    }
  }
}
