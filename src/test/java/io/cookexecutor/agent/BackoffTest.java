package io.cookexecutor.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void growsButNeverExceedsTheMaximum() {
    Backoff b = new Backoff(Backoff.SUBSCRIBE_BASE, Duration.ofMillis(2000), () -> 0.999);
    long previousCeiling = 0;
    for (int i = 0; i < 30; i++) {
      Duration high = b.next();
      assertThat(high).isLessThanOrEqualTo(Duration.ofMillis(2000));
      assertThat(high.toMillis()).isGreaterThanOrEqualTo(previousCeiling / 2);
      previousCeiling = high.toMillis();
    }
    assertThat(previousCeiling).isGreaterThan(1900);
  }

  @Test
  void startsSmallAndStartsOverAfterReset() {
    double[] jitter = {0.0};
    Backoff b = new Backoff(Backoff.SUBSCRIBE_BASE, Duration.ofSeconds(2), () -> jitter[0]);
    assertThat(b.next()).isEqualTo(Duration.ofMillis(25));
    b.next();
    b.next();
    b.reset();
    jitter[0] = 1.0;
    assertThat(b.next()).isEqualTo(Duration.ofMillis(50));
  }

  @Test
  void aTinyMaximumStillGivesPositiveWaits() {
    Backoff b = new Backoff(Backoff.SUBSCRIBE_BASE, Duration.ofMillis(1), () -> 0.0);
    assertThat(b.next()).isEqualTo(Duration.ofMillis(1));
  }
}
