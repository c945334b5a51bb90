package io.cookexecutor.sidecar;

import io.cookexecutor.progress.ProgressUpdate;
import java.net.URI;
import java.util.Objects;

/**
 * Which progress update is POSTed where and when (kubernetes-sidecar.md, section 4), with time as a
 * parameter and no I/O, so every rule is testable on its own:
 * <ul>
 *   <li>Only the latest update matters: a newer one supersedes one still waiting or failing, and is tried at
 *       once with a fresh count of attempts.
 *   <li>Any 2xx accepts it. A 307 is followed at once to its Location, which is kept for later updates; a
 *       redirect does not count as a failed attempt, but more than {@link #MAX_REDIRECTS} in a row do.
 *   <li>Any other answer, or none, is a failed attempt: the next one goes back to the base URL after a
 *       backoff (100 ms doubling to 5 s); after {@code maxAttempts} the update is given up.
 *   <li>Finishing: the latest update, if not accepted, is tried again (even if given up) until it is
 *       accepted or the final deadline passes, however many attempts that takes.
 * </ul>
 * Not thread-safe: the one sender thread owns it.
 */
final class PostDecisions {
  /** Redirects followed in a row before the attempt counts as failed (a loop). */
  static final int MAX_REDIRECTS = 5;
  static final long FIRST_BACKOFF_NANOS = 100_000_000L;
  static final long MAX_BACKOFF_NANOS = 5_000_000_000L;

  /** One POST to make: {@code update} to {@code url}. */
  record Attempt(ProgressUpdate update, URI url) {}

  private final URI base;
  private final int maxAttempts;
  private URI target;
  private ProgressUpdate latest;
  private ProgressUpdate pending;
  private int acceptedSequence;
  private int failures;
  private int redirects;
  private long notBefore;
  private boolean finishing;
  private long finalDeadline;

  PostDecisions(URI base, int maxAttempts) {
    this.base = Objects.requireNonNull(base, "base");
    this.target = base;
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
  }

  /** A new state from the tracker; a newer sequence supersedes the one waiting. */
  void offer(ProgressUpdate u, long now) {
    if (latest != null && u.sequence() <= latest.sequence()) {
      return;
    }
    latest = u;
    retry(u, now);
  }

  /** The task is over: the latest state must get through before {@code deadline}. */
  void finish(long now, long deadline) {
    finishing = true;
    finalDeadline = deadline;
    if (latest != null && latest.sequence() > acceptedSequence && pending == null) {
      retry(latest, now); // given up earlier: the final state is worth another try
    }
  }

  /** {@code u} is due at {@code now}, with a fresh count of attempts. */
  private void retry(ProgressUpdate u, long now) {
    pending = u;
    failures = 0;
    redirects = 0;
    notBefore = now;
  }

  /** The POST to make at {@code now}, or null when none is due. */
  Attempt next(long now) {
    return nanosUntilNext(now) == 0 ? new Attempt(pending, target) : null;
  }

  /** Nanoseconds until {@link #next} returns a POST; Long.MAX_VALUE when nothing waits. */
  long nanosUntilNext(long now) {
    return idle(now) ? Long.MAX_VALUE : Math.max(0, notBefore - now);
  }

  /**
   * What {@code attempt} got at {@code now}.
   *
   * @return a sentence for the log when the update was given up or retried, else null
   */
  String onResult(Attempt attempt, PostResult result, long now) {
    ProgressUpdate u = attempt.update();
    boolean current = pending != null && pending.sequence() == u.sequence();
    if (result.accepted()) {
      acceptedSequence = Math.max(acceptedSequence, u.sequence());
      if (current) {
        pending = null;
      }
      redirects = 0;
      return null;
    }
    if (result.redirect() && redirects < MAX_REDIRECTS) {
      redirects++;
      target = result.location();
      return current ? null : "redirected to " + result.location();
    }
    target = base; // a redirect that later fails is not trusted any more
    redirects = 0;
    if (!current) {
      return "sequence " + u.sequence() + " failed (" + result.describe() + ") and was superseded";
    }
    failures++;
    if (failures >= maxAttempts && !finishing) {
      pending = null;
      return "sequence " + u.sequence() + " given up after " + failures + " attempt(s): " + result.describe();
    }
    notBefore = now + backoff(failures);
    return "sequence " + u.sequence() + " attempt " + failures + " failed (" + result.describe()
        + "); retrying in " + backoff(failures) / 1_000_000 + " ms";
  }

  /** Whether the latest state has been accepted (true when there never was one). */
  boolean latestAccepted() {
    return latest == null || acceptedSequence >= latest.sequence();
  }

  /** Whether nothing more will be sent: all accepted or given up, or the final deadline has passed. */
  boolean idle(long now) {
    return pending == null || (finishing && now - finalDeadline >= 0);
  }

  static long backoff(int failures) {
    long b = FIRST_BACKOFF_NANOS << Math.min(failures - 1, 20);
    return Math.min(b, MAX_BACKOFF_NANOS);
  }
}
