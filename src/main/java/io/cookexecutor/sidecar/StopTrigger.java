package io.cookexecutor.sidecar;

import io.cookexecutor.lifetime.Threads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.cookexecutor.log.Log;
import sun.misc.Signal;

/**
 * What ends the sidecar (kubernetes-sidecar.md, section 5): SIGTERM or SIGINT (the pod is deleted), or the
 * exit sentinel file appearing (polled every {@link #SENTINEL_POLL}). The first one starts the graceful
 * stop; a second signal ends the process at once with 128 + the signal's number.
 */
public final class StopTrigger {
  private static final Log LOG = Log.of(StopTrigger.class);
  /** As Cook's sidecar. */
  public static final Duration SENTINEL_POLL = Duration.ofMillis(100);

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile String cause;

  /** Handles SIGTERM and SIGINT from now on. */
  public void onSignals() {
    handle("TERM", 15);
    handle("INT", 2);
  }

  /** Polls for {@code sentinel} on a daemon thread; its appearance stops the sidecar. */
  public void onSentinel(Path sentinel) {
    Threads.start("exit-sentinel", () -> {
      try {
        while (stop.getCount() > 0) {
          if (Files.exists(sentinel)) {
            trigger("exit sentinel " + sentinel + " appeared");
            return;
          }
          stop.await(SENTINEL_POLL.toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    LOG.info("Watching for the exit sentinel {}", sentinel);
  }

  /** Starts the graceful stop (the first call counts). */
  public void trigger(String why) {
    if (stop.getCount() > 0) {
      cause = why;
      stop.countDown();
    }
  }

  /** Blocks until the stop is triggered; returns its cause. */
  public String await() throws InterruptedException {
    stop.await();
    return cause;
  }

  private void handle(String name, int number) {
    Signal.handle(new Signal(name), sig -> {
      if (stop.getCount() > 0) {
        trigger("SIG" + name);
      } else {
        LOG.warn("Second signal (SIG{}) during the graceful stop: exiting at once", name);
        Runtime.getRuntime().halt(128 + number);
      }
    });
  }
}
