package io.cookexecutor.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.progress.ProgressUpdate;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The poster's rules of section 4, on a manual clock, without sockets or threads. */
class PostDecisionsTest {
  private static final URI BASE = URI.create("http://cook:12321/progress/i1");
  private static final URI LEADER = URI.create("http://leader:12321/progress/i1");
  private static final long MS = 1_000_000L;

  private final PostDecisions d = new PostDecisions(BASE, 3);
  private long now = 1_000 * MS;

  private static ProgressUpdate u(int seq) {
    return new ProgressUpdate(seq, seq * 10, "m" + seq);
  }

  private PostDecisions.Attempt next() {
    return d.next(now);
  }

  @Test
  void aNewUpdateIsPostedAtOnceAndA2xxAcceptsIt() {
    d.offer(u(1), now);
    PostDecisions.Attempt a = next();

    assertThat(a).isEqualTo(new PostDecisions.Attempt(u(1), BASE));
    d.onResult(a, PostResult.answered(202), now);
    assertThat(next()).isNull();
    assertThat(d.latestAccepted()).isTrue();
    assertThat(d.idle(now)).isTrue();
  }

  @Test
  void anyTwoHundredCountsAsAccepted() {
    d.offer(u(1), now);
    d.onResult(next(), PostResult.answered(204), now);
    assertThat(d.latestAccepted()).isTrue();
    d.offer(u(1), now);
    assertThat(next()).as("an accepted sequence is not posted again").isNull();
  }

  @Test
  void aRedirectIsFollowedAtOnceAndKeptForLaterUpdates() {
    d.offer(u(1), now);
    d.onResult(next(), PostResult.redirected(LEADER), now);

    assertThat(next()).isEqualTo(new PostDecisions.Attempt(u(1), LEADER));
    d.onResult(next(), PostResult.answered(202), now);
    d.offer(u(2), now);
    assertThat(next().url()).isEqualTo(LEADER);
  }

  @Test
  void aFailureAfterARedirectGoesBackToTheBaseUrl() {
    d.offer(u(1), now);
    d.onResult(next(), PostResult.redirected(LEADER), now);
    d.onResult(next(), PostResult.failed("connection refused"), now);

    now += PostDecisions.backoff(1);
    assertThat(next()).isEqualTo(new PostDecisions.Attempt(u(1), BASE));
  }

  @Test
  void aFailedUpdateIsRetriedWithGrowingBackoffThenGivenUp() {
    d.offer(u(1), now);
    d.onResult(next(), PostResult.answered(500), now);
    assertThat(next()).isNull();
    assertThat(d.nanosUntilNext(now)).isEqualTo(100 * MS);
    now += 100 * MS;
    d.onResult(next(), PostResult.failed("timed out"), now);
    assertThat(d.nanosUntilNext(now)).isEqualTo(200 * MS);
    now += 200 * MS;
    String note = d.onResult(next(), PostResult.answered(503), now);

    assertThat(note).contains("given up after 3 attempt(s)");
    assertThat(next()).isNull();
    assertThat(d.idle(now)).isTrue();
    assertThat(d.latestAccepted()).isFalse();
  }

  @Test
  void aNewerUpdateSupersedesAFailingOneAndIsTriedAtOnce() {
    d.offer(u(1), now);
    PostDecisions.Attempt first = next();
    d.onResult(first, PostResult.answered(500), now);
    d.offer(u(2), now + MS);

    assertThat(d.next(now + MS)).isEqualTo(new PostDecisions.Attempt(u(2), BASE));
  }

  @Test
  void aResultForASupersededUpdateDoesNotCountAgainstTheNewOne() {
    d.offer(u(1), now);
    PostDecisions.Attempt inFlight = next();
    d.offer(u(2), now); // arrives while 1 is being posted
    String note = d.onResult(inFlight, PostResult.failed("reset"), now);

    assertThat(note).contains("superseded");
    assertThat(next()).isEqualTo(new PostDecisions.Attempt(u(2), BASE));
  }

  @Test
  void anOlderOrRepeatedSequenceIsIgnored() {
    d.offer(u(2), now);
    d.onResult(next(), PostResult.answered(202), now);
    d.offer(u(1), now);
    d.offer(u(2), now);
    assertThat(next()).isNull();
  }

  @Test
  void aRedirectLoopCountsAsAFailedAttempt() {
    d.offer(u(1), now);
    for (int i = 0; i < PostDecisions.MAX_REDIRECTS; i++) {
      d.onResult(next(), PostResult.redirected(LEADER), now);
      assertThat(next()).isNotNull();
    }
    d.onResult(next(), PostResult.redirected(LEADER), now);
    assertThat(next()).isNull(); // backing off
    now += 60_000 * MS;
    assertThat(next()).as("the next attempt starts from the base URL again").isNotNull()
        .extracting(PostDecisions.Attempt::url).isEqualTo(BASE);
  }

  @Test
  void a307WithoutLocationIsAFailure() {
    d.offer(u(1), now);
    d.onResult(next(), PostResult.answered(307), now);
    assertThat(next()).isNull();
    assertThat(d.nanosUntilNext(now)).isEqualTo(100 * MS);
  }

  @Test
  void finishingRetriesAGivenUpLatestStateBeyondTheAttemptsUntilTheDeadline() {
    d.offer(u(1), now);
    for (int i = 0; i < 3; i++) {
      d.onResult(next(), PostResult.answered(500), now);
      now += PostDecisions.MAX_BACKOFF_NANOS;
    }
    assertThat(next()).isNull(); // given up

    long deadline = now + 10_000 * MS;
    d.finish(now, deadline);
    for (int i = 0; i < 5; i++) {
      PostDecisions.Attempt a = next();
      assertThat(a).isNotNull();
      d.onResult(a, PostResult.failed("timed out"), now);
      now += d.nanosUntilNext(now);
    }
    d.onResult(next(), PostResult.answered(202), now);
    assertThat(d.latestAccepted()).isTrue();
    assertThat(d.idle(now)).isTrue();
  }

  @Test
  void nothingIsPostedOnceTheFinalDeadlineHasPassed() {
    d.offer(u(1), now);
    d.finish(now, now + 50 * MS);
    d.onResult(next(), PostResult.failed("timed out"), now + 50 * MS);

    now += 200 * MS;
    assertThat(next()).isNull();
    assertThat(d.idle(now)).isTrue();
    assertThat(d.latestAccepted()).isFalse();
  }

  @Test
  void finishingWithNothingToSendIsAtOnceDone() {
    d.finish(now, now + 1000 * MS);
    assertThat(next()).isNull();
    assertThat(d.idle(now)).isTrue();
    assertThat(d.latestAccepted()).isTrue();
  }

  @Test
  void backoffDoublesFrom100MsUpTo5s() {
    assertThat(PostDecisions.backoff(1)).isEqualTo(100 * MS);
    assertThat(PostDecisions.backoff(2)).isEqualTo(200 * MS);
    assertThat(PostDecisions.backoff(7)).isEqualTo(5_000 * MS);
    assertThat(PostDecisions.backoff(100)).isEqualTo(5_000 * MS);
  }
}
