package io.cookexecutor.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When the progress reporter starts, with a recording factory: the decision, and the real latch and thread. */
class ReporterStartTest {
  private final AtomicInteger made = new AtomicInteger();
  private final ReporterStart start = new ReporterStart(() -> {
    made.incrementAndGet();
    return null; // a disabled reporter: what matters here is how often it is made
  });

  @Test
  void theFirstAnswerStartsItLongBeforeTheBound() {
    CountDownLatch firstAnswer = new CountDownLatch(1);
    start.startAfter(firstAnswer, Duration.ofHours(1));
    assertThat(made).as("nothing before the first answer").hasValue(0);
    firstAnswer.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> made.get() == 1);
  }

  @Test
  void withoutAnAnswerTheBoundStartsIt() {
    start.startAfter(new CountDownLatch(1), Duration.ofMillis(50));
    await().atMost(Duration.ofSeconds(10)).until(() -> made.get() == 1);
  }

  @Test
  void aStopBeforeTheFirstAnswerLeavesNothingForTheWaitingThreadToStart() {
    CountDownLatch firstAnswer = new CountDownLatch(1);
    start.startAfter(firstAnswer, Duration.ofHours(1));
    start.noMoreStarts();
    firstAnswer.countDown();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("progress-start")));
    assertThat(made).hasValue(0);
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
