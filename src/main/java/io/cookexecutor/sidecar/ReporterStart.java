package io.cookexecutor.sidecar;

import io.cookexecutor.lifetime.Threads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.cookexecutor.log.Log;

/**
 * When the progress reporter starts (docs/decisions.md). Its start (tracker,
 * regex compile, HTTP client classes) costs more CPU than the file server's ready path; under a 0.1-CPU
 * quota it would delay the first answer to /readiness-probe. So with a file server it starts after the
 * first answered request or after {@link #MAX_DELAY}, whichever comes first; without one, at once; and at
 * the latest when the sidecar stops, so the final state is still sent. Nothing is lost by waiting: the
 * tracker reads every location from its beginning. Thread-safe; the reporter is made and started once.
 */
final class ReporterStart {
  private static final Log LOG = Log.of(ReporterStart.class);
  /** The longest the reporter waits for the first answered request. */
  static final Duration MAX_DELAY = Duration.ofSeconds(2);

  private final Supplier<ProgressReporter> factory;
  // Guarded by this: a start racing another waits for it and gets the one reporter it made.
  private boolean started;
  private ProgressReporter reporter;

  /** {@code factory} makes the reporter, or returns null when it is disabled (and says why). */
  ReporterStart(Supplier<ProgressReporter> factory) {
    this.factory = factory;
  }

  /**
   * Starts the reporter on a thread of its own ({@code progress-start}) once {@code firstAnswer} is counted
   * down or {@code delay} has passed, whichever comes first (unless it was started, or the sidecar
   * stopped, meanwhile).
   */
  void startAfter(CountDownLatch firstAnswer, Duration delay) {
    Threads.start("progress-start", () -> {
      try {
        firstAnswer.await(delay.toNanos(), TimeUnit.NANOSECONDS);
        startNow();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        LOG.error("The progress reporter did not start", e);
      }
    });
  }

  /** Makes and starts the reporter unless that was done already; returns it, or null when disabled. */
  synchronized ProgressReporter startNow() {
    if (!started) {
      started = true;
      reporter = factory.get();
      if (reporter != null) {
        reporter.start();
      }
    }
    return reporter;
  }

  /** The reporter if it was made and started, else null (not yet, or disabled); never starts it. */
  synchronized ProgressReporter current() {
    return reporter;
  }

  /** The sidecar is stopping: no start after this one; returns the reporter made, or null. */
  synchronized ProgressReporter noMoreStarts() {
    started = true;
    return reporter;
  }
}
