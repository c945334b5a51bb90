package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTrackerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir Path dir;
  private final List<ProgressUpdate> sent = new CopyOnWriteArrayList<>();
  private final List<Thread> senders = new CopyOnWriteArrayList<>();
  private final ProgressSink sink =
      u -> {
        senders.add(Thread.currentThread());
        sent.add(u);
      };
  private final List<ProgressTracker> trackers = new ArrayList<>();

  @AfterEach
  void closeTrackers() {
    trackers.forEach(ProgressTracker::close);
  }

  private ProgressTracker tracker(Duration interval, Path... locations) {
    ProgressTracker t =
        new ProgressTracker(
            new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, interval), List.of(locations), sink);
    trackers.add(t);
    return t;
  }

  private static void append(Path p, String s) throws IOException {
    Files.writeString(p, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<Integer> sequences() {
    return sent.stream().map(ProgressUpdate::sequence).toList();
  }

  @Test
  void oneSequenceAcrossTheThreeLocationsOnOneNamedDaemonThread() throws Exception {
    Path progress = dir.resolve("executor.progress");
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    ProgressTracker t = tracker(Duration.ZERO, progress, stdout, stderr);
    t.start();
    append(stdout, "Forked command at 123\nprogress: 10, from stdout\n");
    await().atMost(WAIT).until(() -> sent.size() == 1);
    append(stderr, "warning: x\nprogress: 20, from stderr\n");
    await().atMost(WAIT).until(() -> sent.size() == 2);
    append(progress, "progress: 30, from the progress file\n");
    await().atMost(WAIT).until(() -> sent.size() == 3);
    assertThat(sent)
        .containsExactly(
            new ProgressUpdate(1, 10, "from stdout"),
            new ProgressUpdate(2, 20, "from stderr"),
            new ProgressUpdate(3, 30, "from the progress file"));
    assertThat(senders).allSatisfy(th -> {
      assertThat(th.getName()).isEqualTo("progress-tracker");
      assertThat(th.isDaemon()).isTrue();
    });
    t.finish(WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sent).hasSize(3); // nothing pending: no extra message
  }

  @Test
  void finishReadsToTheEndAndSendsTheLastStateIgnoringTheInterval() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\nprogress: 20, b\nprogress: 30, c\n");
    ProgressTracker t = tracker(HOUR, stdout);
    t.start();
    await().atMost(WAIT).until(() -> sent.size() == 1);
    append(stdout, "progress: 40, d\nprogress: 99, last words without a newline");
    t.finish(WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sent).containsExactly(
        new ProgressUpdate(1, 10, "a"), new ProgressUpdate(5, 99, "last words without a newline"));
    // The future completes on the tracker thread just before it ends.
    await().atMost(WAIT).until(() -> !t.threadAlive());
  }

  @Test
  void finalReadStopsAtItsBudgetAndStillSendsTheLatestStateRead() throws Exception {
    Path stdout = dir.resolve("stdout");
    String filler = ("x".repeat(99) + "\n").repeat(40_000); // 4 MB, several read rounds
    append(stdout, "progress: 10, early\nprogress: 20, second\n" + filler + "progress: 90, late\n");
    ProgressTracker t = tracker(HOUR, stdout);
    // A zero budget allows one read round (ROUND_BYTES) per location before the flush.
    t.finish(Duration.ZERO).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "early"), new ProgressUpdate(2, 20, "second"));
  }

  @Test
  void finishWithoutStartStillReadsEverything() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\nprogress: 20, b\n");
    ProgressTracker t = tracker(HOUR, stdout);
    t.finish(WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sequences()).containsExactly(1, 2);
    assertThat(t.finish(WAIT)).isCompleted();
  }

  @Test
  void stateHeldBackByTheIntervalGoesOutLaterEvenIfTheJobFallsSilent() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\nprogress: 20, b\n");
    ProgressTracker t = tracker(Duration.ofMillis(200), stdout);
    t.start();
    await().atMost(WAIT).until(() -> sent.size() == 2);
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "a"), new ProgressUpdate(2, 20, "b"));
  }

  @Test
  void latestFoundIsTheNewestAcceptedStateEvenWhileTheIntervalHoldsItBack() throws Exception {
    Path stdout = dir.resolve("stdout");
    ProgressTracker t = tracker(HOUR, stdout);
    assertThat(t.latestFound()).isNull();
    append(stdout, "progress: 10, a\n");
    t.start();
    await().atMost(WAIT).until(() -> sent.size() == 1);
    append(stdout, "progress: 150, refused\nno progress here\nprogress: 42, half way\n");
    await().atMost(WAIT).until(() -> new ProgressUpdate(2, 42, "half way").equals(t.latestFound()));
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "a"));
  }

  @Test
  void stopSendsNothingMore() throws Exception {
    // Many lines and no interval: the reader would send for a while. The first send is held until stop()
    // has been called from another thread, so the reader is mid-file when stop() takes effect.
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, first\n" + "progress: 20, more\n".repeat(100_000));
    CountDownLatch firstSending = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean stopReturned = new AtomicBoolean();
    AtomicInteger afterStop = new AtomicInteger();
    AtomicInteger sends = new AtomicInteger();
    ProgressTracker t = new ProgressTracker(
        new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, Duration.ZERO), List.of(stdout), u -> {
          if (stopReturned.get()) {
            afterStop.incrementAndGet();
          }
          if (sends.incrementAndGet() == 1) {
            firstSending.countDown();
            await().atMost(WAIT).until(() -> release.getCount() == 0);
          }
        });
    trackers.add(t);
    t.start();
    assertThat(firstSending.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    Thread stopper = new Thread(() -> {
      t.stop();
      stopReturned.set(true);
    });
    stopper.start();
    // stop() waits for the send in progress: the stopper blocks on the sending monitor until it ends.
    await().atMost(WAIT).until(() -> stopper.getState() == Thread.State.BLOCKED);
    assertThat(stopReturned).as("stop() returned during a send").isFalse();
    release.countDown();
    stopper.join(WAIT.toMillis());
    t.close();
    await().atMost(WAIT).until(() -> !t.threadAlive());
    assertThat(afterStop).hasValue(0);
    assertThat(sends.get()).isLessThan(100_001); // it did stop mid-file
    assertThat(t.finish(WAIT)).isCompleted();
  }

  @Test
  void anErrorOnTheTrackerThreadIsPassedOnThroughTheFinishFuture() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\n");
    OutOfMemoryError oom = new OutOfMemoryError("test: heap exhausted while sending");
    ProgressTracker t = new ProgressTracker(
        new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, Duration.ZERO), List.of(stdout), u -> {
          throw oom;
        });
    trackers.add(t);
    t.start();
    await().atMost(WAIT).until(() -> !t.threadAlive());

    assertThat(t.finish(WAIT)).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isSameAs(oom);
  }

  @Test
  void aFailureDuringTheFinalReadFailsThePendingFuture() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\nprogress: 20, b\n");
    ProgressTracker t = new ProgressTracker(
        new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, HOUR), List.of(stdout), u -> {
          if (u.sequence() == 2) {
            throw new StackOverflowError("test");
          }
        });
    trackers.add(t);
    t.start();

    assertThat(t.finish(WAIT)).failsWithin(WAIT).withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(StackOverflowError.class);
  }

  @Test
  void stopDuringAPendingFinishCompletesItsFuture() throws Exception {
    ProgressTracker t = tracker(HOUR, dir.resolve("never-created"));
    t.stop();
    assertThat(t.finish(WAIT)).isCompleted();
    assertThat(sent).isEmpty();
  }

  @Test
  void directoryFifoAndMissingLocationsDoNotHinderTheOthers() throws Exception {
    Path d = Files.createDirectory(dir.resolve("a-directory"));
    Path fifo = dir.resolve("a-fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mk.waitFor(30, TimeUnit.SECONDS)).isTrue();
    Path later = dir.resolve("later.progress");
    Path stdout = dir.resolve("stdout");
    ProgressTracker t = tracker(Duration.ZERO, d, fifo, later, stdout);
    t.start();
    append(stdout, "progress: 10, a\n");
    await().atMost(WAIT).until(() -> sent.size() == 1);
    append(later, "progress: 20, b\n");
    await().atMost(WAIT).until(() -> sent.size() == 2);
    t.finish(WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sent).extracting(ProgressUpdate::percent).containsExactly(10, 20);
  }

  @Test
  void aLocationListedTwiceIsFollowedOnce() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\n");
    ProgressTracker t = tracker(Duration.ZERO, stdout, dir.resolve(".").resolve("stdout"));
    t.finish(WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sequences()).containsExactly(1);
  }

  @Test
  void manyProgressLinesGiveFewMessagesAndTheLastStateArrives() throws Exception {
    Path stdout = dir.resolve("stdout");
    StringBuilder sb = new StringBuilder();
    for (int k = 1; k <= 10_000; k++) {
      sb.append("output line ").append(k).append('\n');
      sb.append("progress: ").append(k / 100).append(", step ").append(k).append('\n');
    }
    append(stdout, sb.toString());
    ProgressTracker t = tracker(HOUR, stdout);
    t.start();
    t.finish(WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(sent).hasSizeLessThanOrEqualTo(2);
    assertThat(sent.get(sent.size() - 1)).isEqualTo(new ProgressUpdate(10_000, 100, "step 10000"));
  }

  @Test
  void sinkFailureIsLoggedAndTrackingGoesOn() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\n");
    List<ProgressUpdate> got = new CopyOnWriteArrayList<>();
    ProgressTracker t =
        new ProgressTracker(
            new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, Duration.ZERO),
            List.of(stdout),
            u -> {
              got.add(u);
              if (u.sequence() == 1) {
                throw new IllegalStateException("agent gone");
              }
            });
    trackers.add(t);
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      t.start();
      await().atMost(WAIT).until(() -> got.size() == 1);
      append(stdout, "progress: 20, b\n");
      await().atMost(WAIT).until(() -> got.size() == 2);
    } finally {
      System.setErr(saved);
    }
    assertThat(log.toString(java.nio.charset.StandardCharsets.UTF_8))
        .contains("Sending progress sequence 1 failed: java.lang.IllegalStateException: agent gone");
    assertThat(got.get(1)).isEqualTo(new ProgressUpdate(2, 20, "b"));
  }

  @Test
  void badRegexIsRefusedAtConstruction() {
    assertThatThrownBy(
            () ->
                new ProgressTracker(
                    new ProgressSettings("progress: (", 512, 4096, HOUR), List.of(dir.resolve("x")), sink))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
