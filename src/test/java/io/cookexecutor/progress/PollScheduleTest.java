package io.cookexecutor.progress;

import static io.cookexecutor.progress.PollSchedule.MIN_POLL_NANOS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When the tracker looks again, decided on its own. */
class PollScheduleTest {
  private static final long MS = 1_000_000L;
  private static final long NOT_DUE = Long.MAX_VALUE;
  private static final long SECOND = 1000 * MS;

  private final PollSchedule schedule = new PollSchedule(SECOND);

  @Test
  void whileOutputFlowsItReadsOnAtOnce() {
    assertThat(schedule.next(true, true, NOT_DUE)).isZero();
    assertThat(schedule.next(false, true, NOT_DUE)).as("a location with more to read").isZero();
  }

  @Test
  void quietLocationsAreLookedAtAgainAfterWaitsDoublingFromTenUpTo250Ms() {
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      waits.add(schedule.next(false, false, NOT_DUE) / MS);
    }
    assertThat(waits).containsExactly(20L, 40L, 80L, 160L, 250L, 250L, 250L);
  }

  @Test
  void afterFiveQuietSecondsTheWaitsGrowToOneSecond() {
    long quiet = 0;
    long wait = 0;
    while (quiet < 5 * SECOND) {
      wait = schedule.next(false, false, NOT_DUE);
      assertThat(wait).isLessThanOrEqualTo(250 * MS);
      quiet += wait;
    }
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waits.add(schedule.next(false, false, NOT_DUE) / MS);
    }
    assertThat(waits).containsExactly(500L, 1000L, 1000L, 1000L);
    assertThat(schedule.next(true, false, NOT_DUE)).as("output: short waits again").isEqualTo(MIN_POLL_NANOS);
  }

  @Test
  void aShortSampleIntervalBoundsTheWait() {
    PollSchedule fast = new PollSchedule(100 * MS);
    long last = 0;
    for (int i = 0; i < 100; i++) {
      last = fast.next(false, false, NOT_DUE);
    }
    assertThat(last).as("even after a long quiet").isEqualTo(100 * MS);
  }

  @Test
  void dataResetsTheWaitToTheShortest() {
    for (int i = 0; i < 5; i++) {
      schedule.next(false, false, NOT_DUE);
    }
    assertThat(schedule.next(true, false, NOT_DUE)).isEqualTo(MIN_POLL_NANOS);
  }

  @Test
  void aHeldBackStateIsDueNoLaterThanTheWait() {
    for (int i = 0; i < 5; i++) {
      schedule.next(false, false, NOT_DUE);
    }
    assertThat(schedule.next(false, false, 30 * MS)).isEqualTo(30 * MS);
    assertThat(schedule.next(false, false, 0)).as("never a busy spin").isEqualTo(1);
  }
}
