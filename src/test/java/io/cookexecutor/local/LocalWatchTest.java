package io.cookexecutor.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.local.LocalWatch.Step;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code local}'s decisions while the executor runs, on a manual clock (nanoseconds). */
class LocalWatchTest {
  private static final long HOUR = Duration.ofHours(1).toNanos();
  private static final long SEC = Duration.ofSeconds(1).toNanos();
  private static final Duration GRACE = Duration.ofSeconds(2);
  /** Not 0: nanoTime values are arbitrary, and may be negative. */
  private static final long LAUNCH = -5 * HOUR;

  @Test
  void withoutATimeoutATaskRunsForAnyLengthOfTime() {
    LocalWatch w = new LocalWatch(LAUNCH, Optional.empty(), GRACE);
    for (long t = LAUNCH; t - LAUNCH <= 1000 * HOUR; t += HOUR / 2) {
      assertThat(w.next(t)).as("after %d h", (t - LAUNCH) / HOUR).isEqualTo(Step.WAIT);
    }
    assertThat(w.nanosUntilNext(LAUNCH + 1000 * HOUR)).isEqualTo(Long.MAX_VALUE);
    // The old bound (5 minutes plus the grace) in particular.
    assertThat(w.next(LAUNCH + Duration.ofMinutes(5).plus(GRACE).toNanos() + 1)).isEqualTo(Step.WAIT);
  }

  @Test
  void theTimeoutKillsOnceAtLaunchPlusTheTimeout() {
    LocalWatch w = new LocalWatch(LAUNCH, Optional.of(Duration.ofMinutes(90)), GRACE);
    long due = LAUNCH + Duration.ofMinutes(90).toNanos();
    assertThat(w.nanosUntilNext(LAUNCH)).isEqualTo(due - LAUNCH);
    assertThat(w.next(due - 1)).isEqualTo(Step.WAIT);
    assertThat(w.nanosUntilNext(due - 1)).isEqualTo(1);
    assertThat(w.next(due)).isEqualTo(Step.KILL);
    assertThat(w.next(due)).isEqualTo(Step.WAIT);
    assertThat(w.next(due + SEC)).isEqualTo(Step.WAIT);
  }

  @Test
  void aTaskThatEndsBeforeTheTimeoutIsNotKilled() {
    LocalWatch w = new LocalWatch(LAUNCH, Optional.of(Duration.ofSeconds(10)), GRACE);
    w.ended(LAUNCH + 9 * SEC);
    assertThat(w.next(LAUNCH + 10 * SEC)).isEqualTo(Step.WAIT);
    assertThat(w.next(LAUNCH + 20 * SEC)).isEqualTo(Step.WAIT);
  }

  @Test
  void aTaskThatDoesNotEndAfterTheKillGetsAShutdownThenIsGivenUp() {
    LocalWatch w = new LocalWatch(LAUNCH, Optional.of(Duration.ofSeconds(10)), GRACE);
    long killed = LAUNCH + 10 * SEC;
    assertThat(w.next(killed)).isEqualTo(Step.KILL);
    long shutdownDue = killed + GRACE.plus(LocalWatch.KILL_MARGIN).toNanos();
    assertThat(w.nanosUntilNext(killed)).isEqualTo(shutdownDue - killed);
    assertThat(w.next(shutdownDue - 1)).isEqualTo(Step.WAIT);
    assertThat(w.next(shutdownDue)).isEqualTo(Step.SHUTDOWN_AFTER_KILL);
    long giveUpDue = shutdownDue + GRACE.plus(LocalWatch.SHUTDOWN_MARGIN).toNanos();
    assertThat(w.nanosUntilNext(shutdownDue)).isEqualTo(giveUpDue - shutdownDue);
    assertThat(w.next(giveUpDue - 1)).isEqualTo(Step.WAIT);
    assertThat(w.next(giveUpDue)).isEqualTo(Step.GIVE_UP);
    assertThat(w.next(giveUpDue + HOUR)).isEqualTo(Step.WAIT);
    assertThat(w.nanosUntilNext(giveUpDue + HOUR)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aKilledTaskThatEndsLeavesTheExecutorItsExitWindow() {
    LocalWatch w = new LocalWatch(LAUNCH, Optional.of(Duration.ofSeconds(10)), GRACE);
    long killed = LAUNCH + 10 * SEC;
    assertThat(w.next(killed)).isEqualTo(Step.KILL);
    long ended = killed + 2 * SEC;
    w.ended(ended);
    // No SHUTDOWN at the kill's bound: the task has ended, the executor is on its way out.
    assertThat(w.next(killed + GRACE.plus(LocalWatch.KILL_MARGIN).toNanos())).isEqualTo(Step.WAIT);
    long due = ended + LocalWatch.EXIT_AFTER_END.toNanos();
    assertThat(w.next(due - 1)).isEqualTo(Step.WAIT);
    assertThat(w.next(due)).isEqualTo(Step.SHUTDOWN_AFTER_END);
  }

  @Test
  void anExecutorThatDoesNotExitAfterItsTaskEndedIsShutDownThenGivenUp() {
    LocalWatch w = new LocalWatch(LAUNCH, Optional.empty(), GRACE);
    long ended = LAUNCH + 3 * HOUR;
    w.ended(ended);
    w.ended(ended + HOUR); // the first terminal update counts
    long due = ended + LocalWatch.EXIT_AFTER_END.toNanos();
    assertThat(w.nanosUntilNext(ended)).isEqualTo(LocalWatch.EXIT_AFTER_END.toNanos());
    assertThat(w.next(due - 1)).isEqualTo(Step.WAIT);
    assertThat(w.next(due)).isEqualTo(Step.SHUTDOWN_AFTER_END);
    long giveUpDue = due + GRACE.plus(LocalWatch.SHUTDOWN_MARGIN).toNanos();
    assertThat(w.next(giveUpDue - 1)).isEqualTo(Step.WAIT);
    assertThat(w.next(giveUpDue)).isEqualTo(Step.GIVE_UP);
  }

  @Test
  void theLongestTimeoutAndGraceDoNotOverflow() {
    Duration longest = Duration.ofNanos(Long.MAX_VALUE);
    LocalWatch w = new LocalWatch(Long.MAX_VALUE - SEC, Optional.of(longest), longest);
    long now = Long.MAX_VALUE - SEC + 100 * HOUR; // wraps around, as nanoTime may
    assertThat(w.next(now)).isEqualTo(Step.WAIT);
    assertThat(w.nanosUntilNext(now)).isEqualTo(Long.MAX_VALUE - 100 * HOUR);
    LocalWatch ending = new LocalWatch(0, Optional.of(Duration.ofSeconds(1)), longest);
    assertThat(ending.next(SEC)).isEqualTo(Step.KILL);
    assertThat(ending.nanosUntilNext(SEC)).isEqualTo(Long.MAX_VALUE);
    assertThat(ending.next(SEC + 1000 * HOUR)).isEqualTo(Step.WAIT);
  }
}
