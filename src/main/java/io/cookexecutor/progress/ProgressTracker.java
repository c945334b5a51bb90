package io.cookexecutor.progress;

import io.cookexecutor.log.Log;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Follows the progress locations (the progress file, the sandbox {@code stdout} and {@code stderr}) on a
 * {@link Loop}, one bounded round at a time, turns progress lines into {@link ProgressUpdate}s numbered by
 * one shared sequence, and sends them to a {@link ProgressSink} no more often than the sample interval
 * allows. Reading a regular file never blocks, so tracking needs no thread of its own: each round reads at
 * most {@link #ROUND_BYTES} of each location and the loop stays free for everything else between rounds.
 * When to look again is the {@link PollSchedule}'s decision.
 *
 * <p>Lifecycle, on the loop: {@link #start()}, then either {@link #finish} when the task exited (read every
 * location to its end, send the last state) or {@link #stop()} when it was killed (nothing more is sent).
 * A RuntimeException of a round ends tracking (logged; a finish hears of it); an Error goes to the loop's
 * failure path.
 */
public final class ProgressTracker implements Runnable, LongSupplier {
  private static final Log LOG = Log.of(ProgressTracker.class);
  /** Bytes read from one location in one round. */
  static final long ROUND_BYTES = 1 << 20;
  /** How often a running task's locations are looked at by name (appeared, truncated, rotated), as tail -F. */
  static final long NAME_LOOK_NANOS = 1_000_000_000L;

  private enum Phase { NEW, RUNNING, FINISHING, OVER }

  private final Loop loop;
  private final List<FileFollower> followers;
  private final List<FileFollower> unfinished = new ArrayList<>();
  private final ProgressPipeline pipeline;
  private final ProgressDispatch dispatch;
  private final PollSchedule schedule;
  private Phase phase = Phase.NEW;
  private long lastNameLook;
  private boolean lookedAtNames;
  private Scheduled next;
  private long finishDeadline;
  private Consumer<Throwable> finished;
  /** A finish asked for after the end: told on the loop's next turn. */
  private Consumer<Throwable> lateFinish;

  /**
   * Prepares to follow {@code locations} (duplicates are followed once) on {@code loop}; nothing is read
   * before {@link #start()}.
   *
   * @throws IllegalArgumentException when the regex compiles in neither RE2/J nor java.util.regex, or has
   *     no group 1 (the caller should then fall back to {@link ProgressSettings#DEFAULT_REGEX})
   */
  public ProgressTracker(ProgressSettings settings, List<Path> locations, ProgressSink sink, Loop loop) {
    this(settings, locations, sink, loop, ProgressMatcher.DEFAULT_FALLBACK_BUDGET_NANOS);
  }

  /** As the public constructor, with the java.util.regex budget per fragment injected. */
  ProgressTracker(ProgressSettings settings, List<Path> locations, ProgressSink sink, Loop loop,
      long fallbackBudgetNanos) {
    this.loop = Objects.requireNonNull(loop, "loop");
    ProgressMatcher matcher =
        ProgressMatcher.compile(settings.regex(), settings.maxMessageLength(), fallbackBudgetNanos, this);
    long interval = settings.sampleInterval().toNanos();
    this.pipeline = new ProgressPipeline(matcher, interval);
    this.dispatch = new ProgressDispatch(pipeline, Objects.requireNonNull(sink, "sink"), this);
    byte[] literal = matcher.requiredLiteral();
    this.followers = FileFollower.forEach(locations, settings.maxBytesReadPerLine(), literal);
    this.schedule = new PollSchedule(interval);
    if (matcher.usesFallback()) {
      LOG.info("RE2/J cannot compile the progress regex ({}); using java.util.regex, at most {} ms per fragment",
          matcher.re2Problem(), fallbackBudgetNanos / 1_000_000);
    }
    List<Path> paths = new ArrayList<>();
    for (FileFollower f : followers) {
      paths.add(f.path());
    }
    LOG.info("Progress: following {} with a sample interval of {} ms; {}", paths,
        settings.sampleInterval().toMillis(), literal == null ? "no required literal in the regex, every line is matched"
            : "only lines holding a " + literal.length + "-byte literal of the regex are matched");
  }

  /**
   * A tracker with {@code settings}, or with {@link ProgressSettings#DEFAULT_REGEX} (and a log line) when
   * their regex cannot be used.
   */
  public static ProgressTracker orDefaultRegex(ProgressSettings settings, List<Path> locations, ProgressSink sink,
      Loop loop) {
    try {
      return new ProgressTracker(settings, locations, sink, loop);
    } catch (IllegalArgumentException unusable) {
      LOG.warn("Progress regex unusable ({}); using the default", unusable.getMessage());
    }
    return new ProgressTracker(new ProgressSettings(ProgressSettings.DEFAULT_REGEX, settings.maxMessageLength(),
        settings.maxBytesReadPerLine(), settings.sampleInterval()), locations, sink, loop);
  }

  /** Starts following; later calls, or after stop, do nothing. On the loop. */
  public void start() {
    if (phase == Phase.NEW) {
      phase = Phase.RUNNING;
      loop.post(this);
    }
  }

  /**
   * The task exited normally: read every location to its end (for at most {@code budget}), then send the
   * latest accepted state if its sequence was not sent yet, ignoring the sample interval. {@code done} runs
   * on the loop when that is over: with null, or with the RuntimeException that ended tracking. On the loop.
   */
  public void finish(Duration budget, Consumer<Throwable> done) {
    Objects.requireNonNull(done, "done");
    if (phase == Phase.OVER || phase == Phase.FINISHING) {
      lateFinish = done;
      loop.post(this);
      return;
    }
    cancelNext();
    phase = Phase.FINISHING;
    finished = done;
    finishDeadline = loop.nanoTime() + Math.min(budget.toNanos(), Duration.ofDays(365).toNanos());
    unfinished.addAll(followers);
    loop.post(this);
  }

  /** The task was killed: nothing more is read or sent. Idempotent. On the loop. */
  public void stop() {
    if (phase != Phase.OVER) {
      end("stopped");
    }
  }

  /**
   * The latest progress state found in the locations, whether or not the sample interval let it be sent
   * yet; null before the first. Any thread.
   */
  public ProgressUpdate latestFound() {
    return dispatch.latestFound();
  }

  /**
   * The tracker's next step on the loop, by its phase: a round while the task runs, a round of the final
   * read while finishing, else a late finish to answer. (The tracker is its own Runnable: a class per
   * step, lambdas included, is a class more at each executor start.) A step posted before a phase change
   * does what the new phase says.
   */
  @Override
  public void run() {
    next = null;
    if (phase == Phase.RUNNING) {
      round();
    } else if (phase == Phase.FINISHING) {
      finishRound();
    } else if (lateFinish != null) {
      Consumer<Throwable> done = lateFinish;
      lateFinish = null;
      done.accept(null);
    }
  }

  /** The loop's clock, for the matcher and the dispatch (the tracker itself: a lambda is a class more). */
  @Override
  public long getAsLong() {
    return loop.nanoTime();
  }

  /** One round over the locations while the task runs; then the next, when the schedule says. */
  private void round() {
    try {
      boolean more = false;
      boolean gotData = false;
      long start = loop.nanoTime();
      boolean lookAtNames = !lookedAtNames || start - lastNameLook >= NAME_LOOK_NANOS;
      if (lookAtNames) {
        lastNameLook = start;
        lookedAtNames = true;
      }
      for (FileFollower f : followers) {
        dispatch.reading(f);
        gotData |= f.poll(ROUND_BYTES, dispatch, lookAtNames) > 0;
        more |= !f.atEnd();
      }
      long now = loop.nanoTime();
      dispatch.sendDue(now);
      long wait = schedule.next(gotData, more, pipeline.throttle().nanosUntilDue(now));
      if (wait == 0) {
        loop.post(this); // behind what else waits: the loop stays responsive while output flows
      } else {
        next = loop.schedule(Duration.ofNanos(wait), this);
      }
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  /** One round of the final read: each location not yet at its end, until all are or the deadline passed. */
  private void finishRound() {
    try {
      for (int i = 0; i < unfinished.size(); ) {
        FileFollower f = unfinished.get(i);
        dispatch.reading(f);
        f.poll(ROUND_BYTES, dispatch);
        if (f.atEnd()) {
          f.endOfData(dispatch); // the task is over: an unfinished last line is complete
          unfinished.remove(i);
        } else {
          i++;
        }
      }
      if (!unfinished.isEmpty() && loop.nanoTime() - finishDeadline < 0) {
        loop.post(this);
        return;
      }
      if (!unfinished.isEmpty()) {
        LOG.warn("Final progress read ran out of its time budget; {} location(s) not read to the end",
            unfinished.size());
      }
      dispatch.flush();
      end("finished");
    } catch (RuntimeException e) {
      fail(e);
    }
  }

  private void fail(RuntimeException e) {
    LOG.error("Progress tracking failed", e);
    Consumer<Throwable> done = finished;
    finished = null;
    end("failed");
    if (done != null) {
      done.accept(e);
    }
  }

  private void end(String how) {
    Phase was = phase;
    phase = Phase.OVER;
    cancelNext();
    long bytes = 0;
    for (FileFollower f : followers) {
      bytes += f.bytesRead();
      f.close();
    }
    if (was != Phase.NEW) {
      LOG.info("Progress tracking {}: {} bytes read, {}", how, bytes, dispatch.summary());
    }
    Consumer<Throwable> done = finished;
    finished = null;
    if (done != null) {
      done.accept(null);
    }
  }

  private void cancelNext() {
    if (next != null) {
      next.cancel();
      next = null;
    }
  }
}
