package io.cookexecutor.progress;

import io.cookexecutor.log.Log;
import java.util.function.LongSupplier;

/**
 * Between the tracker's reads and its sink: each fragment read goes through the {@link ProgressPipeline}
 * (match, sequence, sample interval) and what is due goes to the {@link ProgressSink}. Counts what it did
 * for the tracker's closing log line. On the tracker's loop, but for {@link #latestFound}.
 */
final class ProgressDispatch implements FragmentScanner.FragmentSink {
  private static final Log LOG = Log.of(ProgressDispatch.class);

  private final ProgressPipeline pipeline;
  private final ProgressSink sink;
  private final LongSupplier nanoTime;
  private FileFollower current;
  private long sent;
  /** The latest state accepted, sent or not (the interval may hold it back): what a viewer is shown. */
  private volatile ProgressUpdate latestFound;

  ProgressDispatch(ProgressPipeline pipeline, ProgressSink sink, LongSupplier nanoTime) {
    this.pipeline = pipeline;
    this.sink = sink;
    this.nanoTime = nanoTime;
  }

  /** The fragments that follow come from {@code f} (named in the log lines about them). */
  void reading(FileFollower f) {
    current = f;
  }

  @Override
  public void fragment(byte[] buf, int off, int len, long line) {
    ProgressPipeline.Step step = pipeline.offer(buf, off, len);
    ProgressMatcher.Kind kind = step.outcome().kind(); // no enum switch: its synthetic class loads per task
    if (kind == ProgressMatcher.Kind.ACCEPTED) {
      latestFound = step.update();
      sendDue(nanoTime.getAsLong());
    } else if (kind == ProgressMatcher.Kind.BAD_PERCENT) {
      LOG.debug("Ignored a progress line in {}: the percent is not a number in [0, 100]", current.path());
    } else if (kind == ProgressMatcher.Kind.TIMED_OUT) {
      LOG.warn("Skipped a {}-byte fragment of {}: the progress regex did not finish within {} ms", len,
          current.path(), pipeline.matcher().fallbackBudgetNanos() / 1_000_000);
    }
  }

  /** Sends the state the sample interval held back, if it is due at {@code now}. */
  void sendDue(long now) {
    ProgressUpdate u = pipeline.throttle().poll(now);
    if (u != null) {
      send(u);
    }
  }

  /** Sends the latest state if its sequence was not sent yet, ignoring the interval (after the task's exit). */
  void flush() {
    ProgressUpdate last = pipeline.throttle().flush(nanoTime.getAsLong());
    if (last != null) {
      send(last);
    }
  }

  /** The latest state accepted, or null before the first; any thread. */
  ProgressUpdate latestFound() {
    return latestFound;
  }

  /** What was matched and sent, for the tracker's last log line. */
  String summary() {
    return pipeline.accepted() + " progress lines accepted, " + sent + " sent, " + pipeline.refused()
        + " refused (percent not a number in [0, 100]), " + pipeline.timedOut() + " abandoned (regex time budget)";
  }

  private void send(ProgressUpdate u) {
    sent++;
    try {
      sink.send(u);
    } catch (RuntimeException e) {
      LOG.warn("Sending progress sequence {} failed: {}", u.sequence(), e.toString());
    }
  }
}
