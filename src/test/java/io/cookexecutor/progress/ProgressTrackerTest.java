package io.cookexecutor.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cookexecutor.loop.ManualLoop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker on a manual loop over real files: each round, the final read and stop as the loop runs them,
 * no threads and no sleeps.
 */
class ProgressTrackerTest {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration TICK = Duration.ofMillis(10);

  @TempDir Path dir;
  private final ManualLoop loop = new ManualLoop();
  private final List<ProgressUpdate> sent = new ArrayList<>();
  private final List<Throwable> finished = new ArrayList<>();
  private boolean done;

  private ProgressTracker tracker(Duration interval, Path... locations) {
    return new ProgressTracker(new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, interval),
        List.of(locations), sent::add, loop);
  }

  private static void append(Path p, String s) throws IOException {
    Files.writeString(p, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private void finish(ProgressTracker t, Duration budget) {
    t.finish(budget, e -> {
      done = true;
      finished.add(e);
    });
    loop.runReady();
  }

  private List<Integer> sequences() {
    return sent.stream().map(ProgressUpdate::sequence).toList();
  }

  @Test
  void oneSequenceAcrossTheThreeLocations() throws Exception {
    Path progress = dir.resolve("executor.progress");
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    ProgressTracker t = tracker(Duration.ZERO, progress, stdout, stderr);
    t.start();
    append(stdout, "Forked command at 123\nprogress: 10, from stdout\n");
    loop.advance(TICK);
    append(stderr, "warning: x\nprogress: 20, from stderr\n");
    loop.advance(Duration.ofSeconds(1)); // a new file is looked for about once a second
    append(progress, "progress: 30, from the progress file\n");
    loop.advance(Duration.ofSeconds(1));
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "from stdout"),
        new ProgressUpdate(2, 20, "from stderr"), new ProgressUpdate(3, 30, "from the progress file"));
    finish(t, HOUR);
    assertThat(done).isTrue();
    assertThat(sent).hasSize(3); // nothing pending: no extra message
  }

  @Test
  void whenOneRoundFindsProgressInTheOutputAndTheProgressFileTheProgressFileIsTheLatest() throws Exception {
    Path progress = dir.resolve("executor.progress");
    Path stdout = dir.resolve("stdout");
    Path stderr = dir.resolve("stderr");
    append(stderr, "progress: 30, third\n"); // a job that writes both before the first look
    append(progress, "progress: 70, seventy\n");
    ProgressTracker t = tracker(HOUR, ProgressLocations.of(progress, dir).toArray(new Path[0]));
    t.start();
    loop.runReady();
    finish(t, HOUR);
    assertThat(sent).extracting(ProgressUpdate::message).endsWith("seventy");
    assertThat(t.latestFound()).isEqualTo(new ProgressUpdate(2, 70, "seventy"));
  }

  @Test
  void aQuietLocationIsLookedAtAgainWithin250Ms() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "started\n");
    ProgressTracker t = tracker(Duration.ZERO, stdout);
    t.start();
    loop.advance(Duration.ofSeconds(30));
    append(stdout, "progress: 10, late\n");
    loop.advance(Duration.ofMillis(249));
    loop.advance(Duration.ofMillis(1));
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "late"));
  }

  @Test
  void aFileThatAppearsLaterIsFoundWithinASecondAndNotLookedForMoreOften() throws Exception {
    Path later = dir.resolve("later.progress");
    ProgressTracker t = tracker(Duration.ZERO, later);
    t.start();
    loop.advance(Duration.ofMillis(100));
    append(later, "progress: 20, b\n");
    loop.advance(Duration.ofMillis(850));
    assertThat(sent).as("not looked for again before a second has passed").isEmpty();
    loop.advance(Duration.ofMillis(300));
    assertThat(sent).containsExactly(new ProgressUpdate(1, 20, "b"));
  }

  @Test
  void finishReadsToTheEndAndSendsTheLastStateIgnoringTheInterval() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\nprogress: 20, b\nprogress: 30, c\n");
    ProgressTracker t = tracker(HOUR, stdout);
    t.start();
    loop.advance(TICK);
    assertThat(sent).hasSize(1);
    append(stdout, "progress: 40, d\nprogress: 99, last words without a newline");
    finish(t, HOUR);
    assertThat(sent).containsExactly(
        new ProgressUpdate(1, 10, "a"), new ProgressUpdate(5, 99, "last words without a newline"));
    assertThat(finished).containsExactly((Throwable) null);
  }

  @Test
  void finalReadStopsAtItsBudgetAndStillSendsTheLatestStateRead() throws Exception {
    Path stdout = dir.resolve("stdout");
    String filler = ("x".repeat(99) + "\n").repeat(40_000); // 4 MB, several read rounds
    append(stdout, "progress: 10, early\nprogress: 20, second\n" + filler + "progress: 90, late\n");
    ProgressTracker t = tracker(HOUR, stdout);
    // A zero budget allows one read round (ROUND_BYTES) per location before the flush.
    finish(t, Duration.ZERO);
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "early"), new ProgressUpdate(2, 20, "second"));
    assertThat(done).isTrue();
  }

  @Test
  void theFinalReadOfAGreatBacklogLetsOtherWorkRunBetweenItsRounds() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, ("y".repeat(99) + "\n").repeat(40_000) + "progress: 90, end\n");
    ProgressTracker t = tracker(HOUR, stdout);
    List<String> order = new ArrayList<>();
    t.finish(HOUR, e -> order.add("finished"));
    loop.post(() -> order.add("other work"));
    loop.runReady();
    assertThat(order).containsExactly("other work", "finished");
    assertThat(sent).containsExactly(new ProgressUpdate(1, 90, "end"));
  }

  @Test
  void finishWithoutStartStillReadsEverything() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\nprogress: 20, b\n");
    ProgressTracker t = tracker(HOUR, stdout);
    finish(t, HOUR);
    assertThat(sequences()).containsExactly(1, 2);
  }

  @Test
  void stateHeldBackByTheIntervalGoesOutLaterEvenIfTheJobFallsSilent() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\nprogress: 20, b\n");
    ProgressTracker t = tracker(Duration.ofMillis(200), stdout);
    t.start();
    loop.advance(Duration.ofMillis(199));
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "a"));
    loop.advance(Duration.ofMillis(1));
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "a"), new ProgressUpdate(2, 20, "b"));
  }

  @Test
  void latestFoundIsTheNewestAcceptedStateEvenWhileTheIntervalHoldsItBack() throws Exception {
    Path stdout = dir.resolve("stdout");
    ProgressTracker t = tracker(HOUR, stdout);
    assertThat(t.latestFound()).isNull();
    append(stdout, "progress: 10, a\n");
    t.start();
    loop.advance(TICK);
    append(stdout, "progress: 150, refused\nno progress here\nprogress: 42, half way\n");
    loop.advance(Duration.ofMillis(250));
    assertThat(t.latestFound()).isEqualTo(new ProgressUpdate(2, 42, "half way"));
    assertThat(sent).containsExactly(new ProgressUpdate(1, 10, "a"));
  }

  @Test
  void stopBetweenRoundsSendsNothingMore() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, first\n" + "progress: 20, more\n".repeat(100_000)); // ~1.9 MB, two rounds
    ProgressTracker t = tracker(Duration.ZERO, stdout);
    t.start();
    assertThat(loop.runNext()).isTrue(); // the first round: 1 MiB
    int afterOneRound = sent.size();
    assertThat(afterOneRound).isBetween(1, 100_000);
    t.stop();
    loop.advance(Duration.ofSeconds(10));
    assertThat(sent).hasSize(afterOneRound);
    finish(t, HOUR);
    assertThat(done).as("a finish after the stop completes at once").isTrue();
    assertThat(sent).hasSize(afterOneRound);
  }

  @Test
  void anErrorOfTheSinkGoesToTheLoopsFailurePath() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\n");
    OutOfMemoryError oom = new OutOfMemoryError("test: heap exhausted while sending");
    List<Throwable> failures = new ArrayList<>();
    loop.onFailure(failures::add);
    ProgressTracker t = new ProgressTracker(new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096,
        Duration.ZERO), List.of(stdout), u -> {
          throw oom;
        }, loop);
    t.start();
    loop.advance(TICK);
    assertThat(failures).containsExactly(oom);
  }

  @Test
  void aFailingSinkIsLoggedAndTrackingGoesOn() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\n");
    List<ProgressUpdate> got = new ArrayList<>();
    ProgressTracker t = new ProgressTracker(new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096,
        Duration.ZERO), List.of(stdout), u -> {
          got.add(u);
          if (u.sequence() == 1) {
            throw new IllegalStateException("agent gone");
          }
        }, loop);
    java.io.PrintStream saved = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      t.start();
      loop.advance(TICK);
      append(stdout, "progress: 20, b\n");
      loop.advance(Duration.ofMillis(250));
    } finally {
      System.setErr(saved);
    }
    assertThat(log.toString(StandardCharsets.UTF_8))
        .contains("Sending progress sequence 1 failed: java.lang.IllegalStateException: agent gone");
    assertThat(got).containsExactly(new ProgressUpdate(1, 10, "a"), new ProgressUpdate(2, 20, "b"));
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
    loop.advance(TICK);
    append(later, "progress: 20, b\n");
    loop.advance(Duration.ofSeconds(1));
    finish(t, HOUR);
    assertThat(sent).extracting(ProgressUpdate::percent).containsExactly(10, 20);
  }

  @Test
  void aLocationListedTwiceIsFollowedOnce() throws Exception {
    Path stdout = dir.resolve("stdout");
    append(stdout, "progress: 10, a\n");
    ProgressTracker t = tracker(Duration.ZERO, stdout, dir.resolve(".").resolve("stdout"));
    finish(t, HOUR);
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
    loop.advance(TICK);
    finish(t, HOUR);
    assertThat(sent).hasSizeLessThanOrEqualTo(2);
    assertThat(sent.get(sent.size() - 1)).isEqualTo(new ProgressUpdate(10_000, 100, "step 10000"));
  }

  @Test
  void badRegexIsRefusedAtConstruction() {
    assertThatThrownBy(() -> new ProgressTracker(new ProgressSettings("progress: (", 512, 4096, HOUR),
        List.of(dir.resolve("x")), sent::add, loop)).isInstanceOf(IllegalArgumentException.class);
  }
}
