package io.cookexecutor.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.testing.Closer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** When the progress reporter starts, with a recording factory: the decision, and the real latch and thread. */
class ReporterStartTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  @TempDir Path dir;
  @RegisterExtension final Closer closing = new Closer();
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
    await().atMost(WAIT).until(() -> made.get() == 1);
  }

  @Test
  void withoutAnAnswerTheBoundStartsIt() {
    start.startAfter(new CountDownLatch(1), Duration.ofMillis(50));
    await().atMost(WAIT).until(() -> made.get() == 1);
  }

  @Test
  void aStopBeforeTheFirstAnswerLeavesNothingForTheWaitingThreadToStart() {
    CountDownLatch firstAnswer = new CountDownLatch(1);
    start.startAfter(firstAnswer, Duration.ofHours(1));
    start.noMoreStarts();
    firstAnswer.countDown();
    await().atMost(WAIT)
        .until(() -> Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().equals("progress-start")));
    assertThat(made).hasValue(0);
  }

  @Test
  void twoStartsAtOnceMakeOneReporterAndBothGetIt() throws Exception {
    ProgressReporter one = closing.add(new ProgressReporter(new ProgressSettings("progress: (\\d+)", 512, 4096,
        Duration.ofHours(1)), List.of(dir.resolve("stdout")), URI.create("http://127.0.0.1:9/progress/x"), 1,
        Duration.ofSeconds(1)));
    CountDownLatch making = new CountDownLatch(1);
    CountDownLatch madeIt = new CountDownLatch(1);
    ReporterStart racing = new ReporterStart(() -> {
      made.incrementAndGet();
      making.countDown();
      awaitOpen(madeIt);
      return one;
    });
    // The delayed start is making the reporter when the stop's start comes (SIGTERM during the first
    // start): the second must wait for the first and get its reporter, neither make another nor go on
    // without one (then the final state would not be sent).
    CompletableFuture<ProgressReporter> first = startOnItsOwnThread(racing, "race-first");
    awaitOpen(making);
    CompletableFuture<ProgressReporter> second = startOnItsOwnThread(racing, "race-second");
    await().atMost(WAIT).until(() -> second.isDone() || threadWaiting("race-second"));
    madeIt.countDown();
    assertThat(first.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(one);
    assertThat(second.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isSameAs(one);
    assertThat(made).hasValue(1);
  }

  private static CompletableFuture<ProgressReporter> startOnItsOwnThread(ReporterStart s, String name) {
    return CompletableFuture.supplyAsync(s::startNow, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
    });
  }

  private static boolean threadWaiting(String name) {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(name)
        && (t.getState() == Thread.State.BLOCKED || t.getState() == Thread.State.WAITING));
  }

  private static void awaitOpen(CountDownLatch latch) {
    try {
      assertThat(latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
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
