package io.cookexecutor.sidecar;

import io.cookexecutor.config.SidecarConfig;
import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.progress.ProgressTracker;
import io.cookexecutor.progress.ProgressUpdate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import io.cookexecutor.lifetime.Threads;
import io.cookexecutor.log.Log;
import io.cookexecutor.loop.EventLoop;

/**
 * The sidecar's progress reporter: the progress engine ({@link ProgressTracker}: the same following,
 * matching and throttle as in executor mode, on an {@link EventLoop} of its own, thread
 * {@code progress-tracker}) with a sink that POSTs each update to the scheduler ({@link ProgressSender}).
 * Lifecycle: {@link #start()}, then {@link #finish(Duration)} on a graceful stop, then {@link #close()};
 * these are called by the sidecar's main thread and hand the tracker's part to its loop.
 */
public final class ProgressReporter implements AutoCloseable {
  private static final Log LOG = Log.of(ProgressReporter.class);

  private static final long JOIN_MILLIS = 2000;

  private final EventLoop loop = new EventLoop();
  private final ProgressTracker tracker;
  private final ProgressSender sender;
  private Thread thread;

  /**
   * Follows {@code locations} with {@code settings} and POSTs to {@code progressUrl}.
   *
   * @param maxAttempts attempts per update (at least 1)
   * @param postTimeout the deadline of each POST's connect and answer
   */
  public ProgressReporter(ProgressSettings settings, List<Path> locations, URI progressUrl, int maxAttempts,
      Duration postTimeout) {
    this.sender = new ProgressSender(progressUrl, maxAttempts, postTimeout, System::nanoTime);
    this.tracker = ProgressTracker.orDefaultRegex(settings, locations, sender, loop);
  }

  /** Whether {@code config} has a URL to report to; when not, a log line says why the reporter is off. */
  public static boolean enabled(SidecarConfig config) {
    if (config.progressUrl().isPresent()) {
      return true;
    }
    LOG.info("{} is not set: the progress reporter is disabled",
        config.schedulerRestUrl().isEmpty() ? "COOK_SCHEDULER_REST_URL" : "COOK_INSTANCE_UUID");
    return false;
  }

  /** A reporter as {@code config} says, which must be {@link #enabled}. */
  public static ProgressReporter from(SidecarConfig config) {
    LOG.info("Progress updates go to {}/progress/{}", config.schedulerRestUrlShown(), config.instanceUuid().get());
    return new ProgressReporter(config.progress(), config.progressLocations(), config.progressUrl().orElseThrow(),
        config.maxPostAttempts(), config.postTimeout());
  }

  /** The latest state found, sent or not yet (the sample interval may hold it back); null before the first. */
  public ProgressUpdate latestFound() {
    return tracker.latestFound();
  }

  /** Starts following the locations and sending. */
  public void start() {
    sender.start();
    loop.post(tracker::start);
    thread = Threads.start("progress-tracker",
        () -> loop.run(e -> LOG.error("Progress tracking failed", e)));
  }

  /**
   * The job is over: reads every location to its end, sends the latest state ignoring the interval, and
   * retries it within {@code budget} (half of it at most goes to reading).
   *
   * @return whether the scheduler accepted the latest state (true when there was none)
   */
  public boolean finish(Duration budget) {
    long start = System.nanoTime();
    long deadline = start + budget.toNanos();
    CountDownLatch read = new CountDownLatch(1);
    loop.post(() -> tracker.finish(budget.dividedBy(2), failure -> {
      if (failure != null) {
        LOG.error("Progress tracking failed; sending the latest state it had", failure);
      }
      read.countDown();
    }));
    try {
      if (!read.await(budget.toNanos(), TimeUnit.NANOSECONDS)) {
        LOG.warn("The final progress read did not end within {} ms", budget.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    boolean ok = sender.finish(deadline);
    LOG.info("Final progress state {} after {} ms", ok ? "delivered" : "NOT delivered",
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return ok;
  }

  /** Stops at once: no more reading, the POST in flight aborted. */
  @Override
  public void close() {
    loop.post(() -> {
      tracker.stop();
      loop.stop(0);
    });
    sender.close();
    if (thread != null && thread != Thread.currentThread()) {
      try {
        thread.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
