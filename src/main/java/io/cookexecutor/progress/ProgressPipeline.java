package io.cookexecutor.progress;

/**
 * The pure part of progress tracking: a fragment is matched, an accepted state gets the next number of the
 * one shared sequence, and the throttle decides when states go out. Time is a parameter, so the tracker
 * (real clock) and the dry run (one instant) apply the same rules. Not thread-safe.
 */
final class ProgressPipeline {
  /**
   * What one fragment gave.
   *
   * @param outcome the matcher's verdict
   * @param update the numbered state when accepted, else null
   */
  record Step(ProgressMatcher.Outcome outcome, ProgressUpdate update) {}

  private final ProgressMatcher matcher;
  private final Throttle throttle;
  private int sequence;
  private long refused;
  private long timedOut;

  ProgressPipeline(ProgressMatcher matcher, long intervalNanos) {
    this.matcher = matcher;
    this.throttle = new Throttle(intervalNanos);
  }

  /** Matches one fragment; an accepted state is numbered and offered to the throttle. */
  Step offer(byte[] buf, int off, int len) {
    ProgressMatcher.Outcome o = matcher.match(buf, off, len);
    if (o.kind() == ProgressMatcher.Kind.ACCEPTED) {
      ProgressUpdate u = new ProgressUpdate(++sequence, o.percent(), o.message());
      throttle.offer(u);
      return new Step(o, u);
    } else if (o.kind() == ProgressMatcher.Kind.BAD_PERCENT) {
      refused++;
    } else if (o.kind() == ProgressMatcher.Kind.TIMED_OUT) {
      timedOut++;
    }
    return new Step(o, null);
  }

  /** What decides when the numbered states go out. */
  Throttle throttle() {
    return throttle;
  }

  /** The matcher, for its engine and budget. */
  ProgressMatcher matcher() {
    return matcher;
  }

  /** Accepted states so far (the last sequence number given). */
  int accepted() {
    return sequence;
  }

  /** Matches refused for their percent so far. */
  long refused() {
    return refused;
  }

  /** Fragments abandoned on the regex time budget so far. */
  long timedOut() {
    return timedOut;
  }
}
