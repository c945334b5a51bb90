package io.cookexecutor.sidecar.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The stall decisions on a manual clock: no thread, no socket. */
class StallWatchTest {
  private static final long BOUND = TimeUnit.SECONDS.toNanos(60);
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final StallWatch watch = new StallWatch(BOUND, now::get);

  private void advanceSeconds(long s) {
    now.addAndGet(TimeUnit.SECONDS.toNanos(s));
  }

  @Test
  void anAnswerWithoutProgressForTheBoundIsAbandonedOnce() {
    AtomicInteger abandoned = new AtomicInteger();
    StallWatch.Watched w = watch.start(abandoned::incrementAndGet);
    advanceSeconds(60);
    assertThat(watch.sweep()).isZero(); // exactly the bound is not over it
    advanceSeconds(1);
    assertThat(watch.sweep()).isEqualTo(1);
    assertThat(w.abandoned()).isTrue();
    advanceSeconds(120);
    assertThat(watch.sweep()).isZero();
    assertThat(abandoned).hasValue(1);
    assertThat(watch.watching()).isZero();
  }

  @Test
  void aSlowButMovingAnswerIsNeverCut() {
    AtomicInteger abandoned = new AtomicInteger();
    StallWatch.Watched w = watch.start(abandoned::incrementAndGet);
    for (int minute = 0; minute < 600; minute++) { // ten hours, one write every 59 s
      advanceSeconds(59);
      w.progress();
      watch.sweep();
    }
    assertThat(abandoned).hasValue(0);
    w.close();
    assertThat(watch.watching()).isZero();
  }

  @Test
  void aFinishedAnswerIsNeverAbandonedLater() {
    AtomicInteger abandoned = new AtomicInteger();
    StallWatch.Watched w = watch.start(abandoned::incrementAndGet);
    w.close();
    advanceSeconds(3600);
    assertThat(watch.sweep()).isZero();
    assertThat(abandoned).hasValue(0);
  }

  @Test
  void onlyTheStalledOnesOfManyAreAbandoned() {
    AtomicInteger stalledAbandoned = new AtomicInteger();
    AtomicInteger movingAbandoned = new AtomicInteger();
    StallWatch.Watched stalled = watch.start(stalledAbandoned::incrementAndGet);
    StallWatch.Watched moving = watch.start(movingAbandoned::incrementAndGet);
    for (int i = 0; i < 7; i++) {
      advanceSeconds(10);
      moving.progress();
    }
    assertThat(watch.sweep()).isEqualTo(1);
    assertThat(stalled.abandoned()).isTrue();
    assertThat(moving.abandoned()).isFalse();
    assertThat(movingAbandoned).hasValue(0);
  }

  @Test
  void theSweeperLooksAtLeastFourTimesPerBoundAndAtMostOnceASecond() {
    assertThat(watch.tickNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    assertThat(new StallWatch(TimeUnit.SECONDS.toNanos(2), now::get).tickNanos())
        .isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
  }
}
