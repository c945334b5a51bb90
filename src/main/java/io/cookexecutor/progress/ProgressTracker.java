package io.cookexecutor.progress;

import io.cookexecutor.lifetime.Threads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import io.cookexecutor.log.Log;

/**
 * Follows the task's progress locations (the progress file, the sandbox {@code stdout} and {@code stderr})
 * on one daemon thread, turns progress lines into {@link ProgressUpdate}s numbered by one shared sequence,
 * and sends them to a {@link ProgressSink} no more often than the sample interval allows. When to look
 * again is the {@link PollSchedule}'s decision; the last read after the task's exit is {@link FinalRead}.
 *
 * <p>Lifecycle: {@link #start()}, then either {@link #finish(Duration)} when the task exited (read to the end,
 * send the last state) or {@link #stop()} when it was killed (nothing more is sent once {@code stop()}
 * returns), then {@link #close()}. The caller (the executor's loop, the sidecar's main thread) and the
 * tracker thread share one small state under one lock; the sink is called by the {@link ProgressDispatch}
 * under a monitor of its own, which {@code stop()} takes once to wait for a send in progress. A failure of the thread is passed on:
 * the future of {@link #finish} completes with it, and an {@link Error} also reaches {@link Threads}'
 * failure sink.
 */
public final class ProgressTracker implements AutoCloseable {
  private static final Log LOG = Log.of(ProgressTracker.class);
  /** Bytes read from one location before the next one gets its turn. */
  static final long ROUND_BYTES = 1 << 20;
  private static final long JOIN_MILLIS = 2000;

  private enum Phase { NEW, RUNNING, FINISHING, STOPPED }

  private final List<FileFollower> followers;
  private final ProgressPipeline pipeline;
  private final LongSupplier nanoTime;
  private final long sampleIntervalNanos;
  /** Guards the fields below it. */
  private final Object lock = new Object();
  private Phase phase = Phase.NEW;
  private Thread thread;
  private long finishDeadline;
  private CompletableFuture<Void> finished;
  /** Set once the thread has ended; {@link #failure} is what ended it, or null. */
  private boolean ended;
  private Throwable failure;

  // Owned by the tracker thread.
  private final ProgressDispatch dispatch;

  /**
   * Prepares to follow {@code locations} (duplicates are followed once); nothing is read before
   * {@link #start()}.
   *
   * @throws IllegalArgumentException when the regex compiles in neither RE2/J nor java.util.regex, or has
   *     no group 1 (the caller should then fall back to {@link ProgressSettings#DEFAULT_REGEX})
   */
  public ProgressTracker(ProgressSettings settings, List<Path> locations, ProgressSink sink) {
    this(settings, locations, sink, System::nanoTime, ProgressMatcher.DEFAULT_FALLBACK_BUDGET_NANOS);
  }

  /** As the public constructor, with the clock and the java.util.regex budget per fragment injected. */
  ProgressTracker(ProgressSettings settings, List<Path> locations, ProgressSink sink, LongSupplier nanoTime,
      long fallbackBudgetNanos) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(sink, "sink");
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    ProgressMatcher matcher =
        ProgressMatcher.compile(settings.regex(), settings.maxMessageLength(), fallbackBudgetNanos, nanoTime);
    long interval = settings.sampleInterval().toNanos();
    ProgressPipeline pipeline = new ProgressPipeline(matcher, interval);
    this.pipeline = pipeline;
    this.dispatch = new ProgressDispatch(pipeline, sink, nanoTime, () -> phase() == Phase.STOPPED);
    byte[] literal = matcher.requiredLiteral();
    this.followers = FileFollower.forEach(locations, settings.maxBytesReadPerLine(), literal);
    this.sampleIntervalNanos = interval;
    if (matcher.usesFallback()) {
      LOG.info("RE2/J cannot compile the progress regex ({}); using java.util.regex, at most {} ms per fragment",
          matcher.re2Problem(), TimeUnit.NANOSECONDS.toMillis(fallbackBudgetNanos));
    }
    LOG.info("Progress: following {} with a sample interval of {} ms; {}",
        followers.stream().map(FileFollower::path).toList(), settings.sampleInterval().toMillis(),
        literal == null ? "no required literal in the regex, every line is matched"
            : "only lines holding a " + literal.length + "-byte literal of the regex are matched");
  }

  /**
   * A tracker with {@code settings}, or with {@link ProgressSettings#DEFAULT_REGEX} (and a log line) when
   * their regex cannot be used.
   */
  public static ProgressTracker orDefaultRegex(ProgressSettings settings, List<Path> locations, ProgressSink sink) {
    String problem = ProgressSettings.regexProblem(settings.regex());
    if (problem == null) {
      return new ProgressTracker(settings, locations, sink);
    }
    LOG.warn("Progress regex unusable (it {}); using the default", problem);
    return new ProgressTracker(new ProgressSettings(ProgressSettings.DEFAULT_REGEX, settings.maxMessageLength(),
        settings.maxBytesReadPerLine(), settings.sampleInterval()), locations, sink);
  }

  /** Starts the one daemon thread, named {@code progress-tracker}. Later calls, or after stop, do nothing. */
  public void start() {
    synchronized (lock) {
      if (phase == Phase.NEW) {
        phase = Phase.RUNNING;
        thread = Threads.start("progress-tracker", this::run);
      }
    }
  }

  /**
   * The task exited normally: read every location to its current end (for at most {@code budget}), then
   * send the latest accepted state if its sequence was not sent yet, ignoring the sample interval. Starts
   * the thread if needed and returns at once; the future completes after that final send (at once when
   * stopped), or exceptionally with whatever ended the thread (an exception, an OutOfMemoryError). Later
   * calls return the same future.
   */
  public CompletableFuture<Void> finish(Duration budget) {
    Objects.requireNonNull(budget, "budget");
    Thread t;
    synchronized (lock) {
      if (finished != null) {
        return finished;
      }
      finished = new CompletableFuture<>();
      if (ended || phase == Phase.STOPPED) {
        settle();
        return finished;
      }
      finishDeadline = nanoTime.getAsLong() + saturatedNanos(budget);
      start();
      phase = Phase.FINISHING;
      t = thread;
    }
    LockSupport.unpark(t);
    return finished;
  }

  /**
   * The task was killed: stop promptly without a final flush. Once this returns no state is sent any more
   * (a send in progress completes first). A pending {@link #finish} future completes. Idempotent.
   */
  public void stop() {
    Thread t;
    synchronized (lock) {
      t = thread;
      phase = Phase.STOPPED;
      if (t == null) {
        ended = true;
        settle();
      }
    }
    if (t != null) {
      LockSupport.unpark(t);
    }
    dispatch.awaitSendInProgress();
  }

  /** {@link #stop()}, then waits (at most about 2 s) for the thread to end. */
  @Override
  public void close() {
    stop();
    Thread t;
    synchronized (lock) {
      t = thread;
    }
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (t.isAlive()) {
      LOG.warn("The progress-tracker thread did not end within {} ms", JOIN_MILLIS);
    }
  }

  /**
   * The latest progress state found in the locations, whether or not the sample interval let it be sent
   * yet; null before the first. Any thread.
   */
  public ProgressUpdate latestFound() {
    return dispatch.latestFound();
  }

  /** Whether the tracker thread is running (for tests). */
  boolean threadAlive() {
    synchronized (lock) {
      return thread != null && thread.isAlive();
    }
  }

  private Phase phase() {
    synchronized (lock) {
      return phase;
    }
  }

  private void run() {
    boolean flushed = false;
    Throwable fatal = null;
    Thread self = Thread.currentThread();
    DirectoryWatch watch = DirectoryWatch.create(
        followers.stream().map(FileFollower::path).toList(), () -> LockSupport.unpark(self));
    try {
      PollSchedule schedule = new PollSchedule(sampleIntervalNanos, nanoTime.getAsLong());
      for (Phase p = phase(); p != Phase.STOPPED; p = phase()) {
        if (p == Phase.FINISHING) {
          flushed = readToEndAndFlush();
          break;
        }
        boolean more = false;
        boolean gotData = false;
        for (FileFollower f : followers) {
          dispatch.reading(f);
          gotData |= f.poll(ROUND_BYTES, dispatch) > 0;
          more |= !f.atEnd();
          if (phase() != Phase.RUNNING) {
            break;
          }
        }
        long now = nanoTime.getAsLong();
        dispatch.sendDue(now);
        PollSchedule.Next next = schedule.next(now, gotData, more || phase() != Phase.RUNNING, watch != null,
            watch != null && watch.armed(), pipeline.nanosUntilDue(now));
        if (next.disarm()) {
          watch.disarm();
        }
        if (next.arm() && watch.arm()) {
          continue; // look once more: output written just before arming raised no event
        }
        if (next.parkNanos() > 0) {
          LockSupport.parkNanos(this, next.parkNanos());
        }
      }
    } catch (RuntimeException | Error e) {
      fatal = e;
      LOG.error("Progress tracking failed", e);
      if (e instanceof Error) {
        throw e; // e.g. OutOfMemoryError: Threads reports it to the executor as well
      }
    } finally {
      if (watch != null) {
        watch.close();
      }
      for (FileFollower f : followers) {
        f.close();
      }
      long bytes = followers.stream().mapToLong(FileFollower::bytesRead).sum();
      LOG.info("Progress tracking {}: {} bytes read, {}", flushed ? "finished" : fatal != null ? "failed" : "stopped",
          bytes, dispatch.summary());
      synchronized (lock) {
        ended = true;
        failure = fatal;
        settle();
      }
    }
  }

  /** Completes the finish future, if asked for, as the thread ended. Called under the lock. */
  private void settle() {
    if (finished == null) {
      return;
    }
    if (failure != null) {
      finished.completeExceptionally(failure);
    } else if (ended) {
      finished.complete(null);
    }
  }

  /** The final read (see {@link FinalRead}), then the pending state, ignoring the interval. */
  private boolean readToEndAndFlush() {
    long deadline;
    synchronized (lock) {
      deadline = finishDeadline;
    }
    boolean read = FinalRead.readToEnd(followers, f -> {
      dispatch.reading(f);
      f.poll(ROUND_BYTES, dispatch);
    }, f -> f.endOfData(dispatch), deadline, nanoTime, () -> phase() == Phase.STOPPED);
    if (read) {
      dispatch.flush();
    }
    return read;
  }

  private static long saturatedNanos(Duration d) {
    if (d.isNegative()) {
      return 0;
    }
    return d.compareTo(Duration.ofDays(365)) > 0 ? TimeUnit.DAYS.toNanos(365) : d.toNanos();
  }
}
