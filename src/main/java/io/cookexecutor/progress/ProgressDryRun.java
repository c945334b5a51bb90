package io.cookexecutor.progress;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the executor's progress rules over finished inputs, for job authors checking their output (the
 * {@code cook-executor progress} command). Inputs are read in the order given, sharing one sequence.
 *
 * <p>Time model: the whole input is taken to arrive at one instant, as fast as it is read. So with a
 * positive interval the first accepted line is sent and later ones are held back, and the final flush at
 * the task's exit sends the last one; with a zero interval every accepted line is sent. Not thread-safe.
 */
public final class ProgressDryRun {
  /** What the executor would do with a progress line. */
  public enum Verdict {
    /** Sent as a progress message when read. */
    SENT,
    /** Accepted but held back by the sample interval (sent later only if still the latest). */
    HELD_BACK,
    /** The regex matched but group 1 is not a number in [0, 100]. */
    REFUSED,
    /** java.util.regex ran out of its time budget on this fragment. */
    TIMED_OUT
  }

  /**
   * One line on which the regex matched.
   *
   * @param source the input's name
   * @param line 1-based line number in that input
   * @param verdict what the executor would do
   * @param sequence the shared sequence number when accepted, else 0
   * @param percent the rounded percent when accepted, else 0
   * @param message the message as it would be sent when accepted, else ""
   * @param rawPercent group 1 as matched (null when timed out)
   */
  public record Match(
      String source, long line, Verdict verdict, int sequence, int percent, String message, String rawPercent) {}

  private final ProgressSettings settings;
  private final ProgressPipeline pipeline;
  private final Consumer<Match> listener;
  private int sent;

  /**
   * @throws IllegalArgumentException when the regex compiles in neither engine or has no group 1
   */
  public ProgressDryRun(ProgressSettings settings, Consumer<Match> listener) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.pipeline = new ProgressPipeline(
        ProgressMatcher.compile(settings.regex(), settings.maxMessageLength()), settings.sampleInterval().toNanos());
  }

  /** Whether the regex runs on java.util.regex (under a time budget) because RE2/J refused it. */
  public boolean usesFallbackEngine() {
    return pipeline.matcher().usesFallback();
  }

  /** Reads {@code in} to its end, reporting every match to the listener. Does not close {@code in}. */
  public void scan(String source, InputStream in) throws IOException {
    FragmentScanner scanner =
        new FragmentScanner(
            settings.maxBytesReadPerLine(), pipeline.matcher().requiredLiteral(), true, FragmentScanner.DEFAULT_CHUNK);
    FragmentScanner.FragmentSink sink = (buf, off, len, line) -> onFragment(source, buf, off, len, line);
    while (scanner.readFrom(in, sink) >= 0) {
      // each read hands on the fragments it completed
    }
    scanner.endOfData(sink);
  }

  /** What the final flush at the task's exit would send (the latest state, if not sent yet). */
  public Optional<ProgressUpdate> finalFlush() {
    ProgressUpdate u = pipeline.throttle().flush(0);
    if (u != null) {
      sent++;
    }
    return Optional.ofNullable(u);
  }

  /** Accepted progress lines so far. */
  public int accepted() {
    return pipeline.accepted();
  }

  /** Progress messages that would be sent so far (including the final flush once asked for). */
  public int sent() {
    return sent;
  }

  /** Matches refused for their percent so far. */
  public int refused() {
    return (int) pipeline.refused();
  }

  private void onFragment(String source, byte[] buf, int off, int len, long line) {
    ProgressPipeline.Step step = pipeline.offer(buf, off, len);
    ProgressMatcher.Outcome o = step.outcome();
    switch (o.kind()) {
      case ACCEPTED: {
        ProgressUpdate u = step.update();
        boolean now = pipeline.throttle().poll(0) != null;
        if (now) {
          sent++;
        }
        listener.accept(
            new Match(source, line, now ? Verdict.SENT : Verdict.HELD_BACK, u.sequence(), u.percent(),
                u.message(), o.rawPercent()));
        break;
      }
      case BAD_PERCENT:
        listener.accept(new Match(source, line, Verdict.REFUSED, 0, 0, "", o.rawPercent()));
        break;
      case TIMED_OUT:
        listener.accept(new Match(source, line, Verdict.TIMED_OUT, 0, 0, "", null));
        break;
      default:
        break;
    }
  }
}
