package io.cookexecutor.sidecar;

import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.message.FrameworkMessages;
import io.cookexecutor.progress.ProgressSink;
import io.cookexecutor.progress.ProgressUpdate;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import io.cookexecutor.log.Log;

/**
 * The tracker's sink in sidecar mode: {@link #send} only drops the state into a latest-wins slot, so a slow
 * or hung scheduler never holds the tracker thread; one sender thread (through {@link Threads}) POSTs what
 * {@link PostDecisions} says, each POST under a deadline.
 */
final class ProgressSender implements ProgressSink, AutoCloseable {
  private static final Log LOG = Log.of(ProgressSender.class);

  private final PostDecisions decisions;
  private final HttpPost http;
  private final Duration postTimeout;
  private final LongSupplier nanoTime;

  private final Object lock = new Object();
  // Guarded by lock.
  private ProgressUpdate slot;
  private boolean finishRequested;
  private long finishDeadline;
  private boolean finishApplied;
  private boolean idle = true;
  private boolean latestAccepted = true;
  private boolean closed;
  private Thread thread;

  ProgressSender(URI progressUrl, int maxAttempts, Duration postTimeout, LongSupplier nanoTime) {
    this.decisions = new PostDecisions(progressUrl, maxAttempts);
    this.http = new HttpPost();
    this.postTimeout = postTimeout;
    this.nanoTime = nanoTime;
  }

  /** Starts the sender thread, named {@code progress-sender}. */
  void start() {
    synchronized (lock) {
      if (thread == null && !closed) {
        thread = Threads.start("progress-sender", this::run);
      }
    }
  }

  @Override
  public void send(ProgressUpdate update) {
    synchronized (lock) {
      if (slot == null || update.sequence() > slot.sequence()) {
        slot = update;
      }
      idle = false;
      lock.notifyAll();
    }
  }

  /**
   * Sends the latest state until it is accepted or {@code deadline} (on {@code nanoTime}'s scale) passes.
   *
   * @return whether the latest state was accepted (true when there never was one)
   */
  boolean finish(long deadline) {
    synchronized (lock) {
      finishRequested = true;
      finishDeadline = deadline;
      lock.notifyAll();
      while (!closed && !(finishApplied && slot == null && idle)) {
        long left = deadline - nanoTime.getAsLong();
        if (left <= 0) {
          break;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return finishApplied && slot == null && latestAccepted;
    }
  }

  /** Stops at once: the POST in flight is aborted, nothing more is sent. */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    http.abort();
  }

  private void run() {
    while (true) {
      ProgressUpdate u;
      boolean applyFinish;
      boolean finishing;
      long deadline;
      // One look at the state: whether finishing and its deadline are decided together. A finish() that
      // comes after this look is for the next turn; this POST keeps the ordinary timeout.
      synchronized (lock) {
        if (closed) {
          return;
        }
        u = slot;
        slot = null;
        finishing = finishRequested;
        applyFinish = finishing && !finishApplied;
        deadline = finishDeadline;
      }
      long now = nanoTime.getAsLong();
      if (u != null) {
        decisions.offer(u, now);
      }
      if (applyFinish) {
        decisions.finish(now, deadline);
      }
      PostDecisions.Attempt a = decisions.next(now);
      if (a != null) {
        post(a, finishing, deadline, now);
      }
      synchronized (lock) {
        finishApplied |= applyFinish;
        long t = nanoTime.getAsLong();
        idle = decisions.idle(t);
        latestAccepted = decisions.latestAccepted();
        lock.notifyAll();
        if (a == null && slot == null && !closed && !(finishRequested && !finishApplied)) {
          long wait = decisions.nanosUntilNext(t);
          try {
            if (wait == Long.MAX_VALUE) {
              lock.wait();
            } else if (wait > 0) {
              TimeUnit.NANOSECONDS.timedWait(lock, wait);
            }
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  private void post(PostDecisions.Attempt a, boolean finishing, long deadline, long now) {
    Duration timeout = postTimeout;
    if (finishing) {
      timeout = Duration.ofNanos(Math.max(1_000_000, Math.min(timeout.toNanos(), deadline - now)));
    }
    ProgressUpdate u = a.update();
    byte[] body = FrameworkMessages.progressUpdate(u.sequence(), u.percent(), u.message());
    PostResult r = http.post(a.url(), body, timeout);
    String note = decisions.onResult(a, r, nanoTime.getAsLong());
    if (r.accepted()) {
      LOG.debug("Progress sequence {} ({} %) accepted by {}", u.sequence(), u.percent(), a.url());
    } else if (r.redirect()) {
      LOG.info("Progress update redirected; later updates go to {}", r.location());
    }
    if (note != null) {
      LOG.warn("Progress POST to {}: {}", a.url(), note);
    }
  }
}
