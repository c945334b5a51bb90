package io.cookexecutor.sidecar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the progress reporter starts: the decision alone, with a recording factory (no threads). */
class ReporterStartTest {
  private final AtomicInteger made = new AtomicInteger();
  private final ReporterStart start = new ReporterStart(() -> {
    made.incrementAndGet();
    return null; // a disabled reporter: what matters here is how often it is made
  });

  @Test
  void withAFileServerTheReporterWaitsABoundedTimeForTheFirstAnswer() {
    assertThat(ReporterStart.delay(true)).isEqualTo(ReporterStart.MAX_DELAY).isPositive()
        .isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void withoutAFileServerTheReporterStartsAtOnce() {
    assertThat(ReporterStart.delay(false)).isZero();
  }

  @Test
  void theFirstAnswerAndTheDelayBothStartingItMakeOneReporter() {
    start.startNow(); // the first answer
    start.startNow(); // the bound, a moment later
    assertThat(made).hasValue(1);
  }

  @Test
  void aStopBeforeAnyTriggerStartsItSoTheFinalStateIsSent() {
    start.startNow(); // what Sidecar.run does on SIGTERM
    assertThat(made).hasValue(1);
    assertThat(start.noMoreStarts()).isNull();
  }

  @Test
  void askingForTheCurrentReporterNeverStartsIt() {
    assertThat(start.current()).isNull();
    assertThat(made).hasValue(0);
    start.startNow();
    assertThat(start.current()).isNull(); // disabled: made once, none to show
    assertThat(made).hasValue(1);
  }

  @Test
  void noStartAfterTheSidecarClosed() {
    start.noMoreStarts();
    assertThat(start.startNow()).isNull();
    assertThat(made).hasValue(0);
  }
}
