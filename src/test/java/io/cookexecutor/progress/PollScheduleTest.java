package io.cookexecutor.progress;

import static io.cookexecutor.progress.PollSchedule.ARM_AFTER_NANOS;
import static io.cookexecutor.progress.PollSchedule.MAX_POLL_NANOS;
import static io.cookexecutor.progress.PollSchedule.MIN_POLL_NANOS;
import static io.cookexecutor.progress.PollSchedule.WATCHED_MAX_POLL_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the tracker thread looks again, decided on a manual clock. */
class PollScheduleTest {
  private static final long MS = 1_000_000L;
  private static final long NOT_DUE = Long.MAX_VALUE;
  private static final long SECOND = 1000 * MS;

  private long now;
  private final PollSchedule schedule = new PollSchedule(SECOND, 0);

  private PollSchedule.Next quiet(boolean armed) {
    PollSchedule.Next n = schedule.next(now, false, false, true, armed, NOT_DUE);
    now += n.parkNanos();
    return n;
  }

  @Test
  void whileOutputFlowsItReadsOnAtOnce() {
    assertThat(schedule.next(now, true, true, true, false, NOT_DUE)).isEqualTo(new PollSchedule.Next(false, false, 0));
  }

  @Test
  void quietLocationsAreLookedAtAgainAfterWaitsDoublingFromTenUpTo250Ms() {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      waits.add(quiet(false).parkNanos() / MS);
    }
    assertThat(waits).containsExactly(20L, 40L, 80L, 160L, 250L, 250L, 250L);
  }

  @Test
  void aShortSampleIntervalBoundsTheWait() {
    PollSchedule fast = new PollSchedule(100 * MS, 0);
    long last = 0;
    for (int i = 0; i < 10; i++) {
      last = fast.next(i * 100 * MS, false, false, false, false, NOT_DUE).parkNanos();
    }
    assertThat(last).isEqualTo(100 * MS);
  }

  @Test
  void dataResetsTheWaitToTheShortest() {
    for (int i = 0; i < 5; i++) {
      quiet(false);
    }
    assertThat(schedule.next(now, true, false, true, false, NOT_DUE).parkNanos()).isEqualTo(MIN_POLL_NANOS);
  }

  @Test
  void aStateHeldBackByTheIntervalIsLookedAtWhenItIsDue() {
    assertThat(schedule.next(now, false, false, true, false, 3 * MS).parkNanos()).isEqualTo(3 * MS);
    assertThat(schedule.next(now, false, false, true, false, 0).parkNanos()).as("never a zero park").isEqualTo(1);
  }

  @Test
  void afterASecondOfQuietTheWatchIsArmedAndThenTheWaitGrowsToTwoSeconds() {
    PollSchedule.Next n;
    do {
      n = quiet(false);
    } while (!n.arm() && now <= ARM_AFTER_NANOS + MAX_POLL_NANOS);
    assertThat(n.arm()).as("armed once quiet for a second").isTrue();
    assertThat(now).isGreaterThan(ARM_AFTER_NANOS);
    long last = 0;
    for (int i = 0; i < 10; i++) {
      last = quiet(true).parkNanos();
    }
    assertThat(last).isEqualTo(WATCHED_MAX_POLL_NANOS);
  }

  @Test
  void withoutADirectoryWatchTheWaitStaysAt250Ms() {
    for (int i = 0; i < 40; i++) {
      PollSchedule.Next n = schedule.next(now, false, false, false, false, NOT_DUE);
      assertThat(n.arm()).isFalse();
      now += n.parkNanos();
    }
    assertThat(schedule.next(now, false, false, false, false, NOT_DUE).parkNanos()).isEqualTo(MAX_POLL_NANOS);
  }

  @Test
  void dataWhileArmedDisarmsTheWatchAndTheQuietSecondCountsAgain() {
    PollSchedule.Next n = schedule.next(5 * SECOND, true, false, true, true, NOT_DUE);
    assertThat(n.disarm()).isTrue();
    assertThat(n.arm()).isFalse();
    assertThat(n.parkNanos()).isEqualTo(MIN_POLL_NANOS);
    assertThat(schedule.next(5 * SECOND + ARM_AFTER_NANOS, false, false, true, false, NOT_DUE).arm())
        .as("not yet a whole second of quiet").isFalse();
    assertThat(schedule.next(5 * SECOND + ARM_AFTER_NANOS + 1, false, false, true, false, NOT_DUE).arm()).isTrue();
  }
}
