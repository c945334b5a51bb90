package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ThrottleTest {
  private static final long MS = 1_000_000L;

  private static ProgressUpdate u(int seq) {
    return new ProgressUpdate(seq, seq, "step " + seq);
  }

  @Test
  void firstStateGoesOutAtOnce() {
    Throttle t = new Throttle(1000 * MS);
    assertThat(t.nanosUntilDue(0)).isEqualTo(Long.MAX_VALUE);
    t.offer(u(1));
    assertThat(t.nanosUntilDue(5 * MS)).isZero();
    assertThat(t.poll(5 * MS)).isEqualTo(u(1));
    assertThat(t.poll(5 * MS)).isNull();
  }

  @Test
  void stateInsideTheIntervalWaitsAndOnlyTheLatestGoesOutWhenTheIntervalHasPassed() {
    Throttle t = new Throttle(100 * MS);
    t.offer(u(1));
    assertThat(t.poll(0)).isEqualTo(u(1));
    t.offer(u(2));
    t.offer(u(3));
    assertThat(t.poll(99 * MS)).isNull();
    assertThat(t.nanosUntilDue(60 * MS)).isEqualTo(40 * MS);
    assertThat(t.poll(100 * MS)).isEqualTo(u(3));
    // Measured from the last send, not from the last offer.
    t.offer(u(4));
    assertThat(t.poll(150 * MS)).isNull();
    assertThat(t.poll(200 * MS)).isEqualTo(u(4));
  }

  @Test
  void flushIgnoresTheIntervalAndSendsOnlyWhatWasNotSent() {
    Throttle t = new Throttle(1000 * MS);
    assertThat(t.flush(0)).isNull();
    t.offer(u(1));
    assertThat(t.poll(0)).isEqualTo(u(1));
    assertThat(t.flush(1 * MS)).isNull();
    t.offer(u(2));
    t.offer(u(3));
    assertThat(t.flush(2 * MS)).isEqualTo(u(3));
    assertThat(t.flush(3 * MS)).isNull();
    assertThat(t.poll(10_000 * MS)).as("nothing is left to send").isNull();
  }

  @Test
  void sequenceNeverGoesBack() {
    Throttle t = new Throttle(0);
    t.offer(u(5));
    assertThat(t.poll(0)).isEqualTo(u(5));
    t.offer(u(4));
    assertThat(t.poll(1)).isNull();
    t.offer(u(7));
    t.offer(u(6));
    assertThat(t.poll(2)).isEqualTo(u(7));
  }

  @Test
  void zeroIntervalSendsEveryState() {
    Throttle t = new Throttle(0);
    for (int s = 1; s <= 5; s++) {
      t.offer(u(s));
      assertThat(t.poll(0)).isEqualTo(u(s));
    }
  }
}
