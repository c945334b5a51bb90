package io.cookexecutor.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.testing.ScriptedScheduler;
import io.cookexecutor.testing.Closer;
import io.cookexecutor.progress.ProgressSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The reporter (the real tracker and sender) against a real scheduler stand-in over HTTP on 127.0.0.1. */
class ProgressReporterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final String REGEX = "progress:\\s+([0-9]*\\.?[0-9]+)($|\\s+.*)";

  @TempDir Path dir;
  @RegisterExtension final Closer closing = new Closer();

  private ScriptedScheduler scheduler() throws IOException {
    return closing.add(ScriptedScheduler.start());
  }

  private ProgressReporter reporter(ScriptedScheduler s, Duration interval, int attempts, Duration postTimeout) {
    ProgressReporter r = new ProgressReporter(new ProgressSettings(REGEX, 512, 4096, interval),
        List.of(dir.resolve("j.progress"), dir.resolve("stdout"), dir.resolve("stderr")),
        URI.create(s.baseUrl() + "/progress/inst-1"), attempts, postTimeout);
    closing.add(r);
    return r;
  }

  private void append(String file, String text) throws IOException {
    Files.writeString(dir.resolve(file), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static String body(int percent, String message, int seq) {
    return "{\"progress-message\":\"" + message + "\",\"progress-percent\":" + percent
        + ",\"progress-sequence\":" + seq + "}";
  }

  @Test
  void postsEachUpdateAsTheSchedulerExpects() throws Exception {
    ScriptedScheduler s = scheduler();
    ProgressReporter r = reporter(s, Duration.ofMillis(100), 5, Duration.ofSeconds(5));
    r.start();
    append("stdout", "progress: 25 Twenty-five\n");

    await().atMost(WAIT).until(() -> s.posts().size() == 1);
    assertThat(s.posts().get(0).path()).isEqualTo("/progress/inst-1");
    assertThat(s.bodies()).containsExactly(body(25, "Twenty-five", 1));
    assertThat(r.finish(WAIT)).isTrue();
    assertThat(s.posts()).hasSize(1); // nothing new to send
  }

  @Test
  void finishSendsTheLatestStateIgnoringTheInterval() throws Exception {
    ScriptedScheduler s = scheduler();
    ProgressReporter r = reporter(s, Duration.ofHours(1), 5, Duration.ofSeconds(5));
    r.start();
    append("stdout", "progress: 10 a\n");
    await().atMost(WAIT).until(() -> s.posts().size() == 1);
    append("j.progress", "progress: 20 b\nprogress: 30 c\n");
    append("stderr", "progress: 40 d"); // no newline: the end of the job completes it

    assertThat(r.finish(WAIT)).isTrue();
    assertThat(s.bodies()).hasSize(2).last().isEqualTo(body(40, "d", 4));
  }

  @Test
  void followsARedirectAndKeepsItThenRetriesAFailureUntilSuperseded() throws Exception {
    ScriptedScheduler s = scheduler();
    ScriptedScheduler leader = scheduler();
    s.redirectNext(1, leader);
    ProgressReporter r = reporter(s, Duration.ofMillis(100), 5, Duration.ofSeconds(5));
    r.start();
    append("stdout", "progress: 10 a\n");
    await().atMost(WAIT).until(() -> leader.posts().size() == 1);
    assertThat(leader.posts().get(0).path()).isEqualTo("/progress/inst-1");

    leader.answerNext(1000, 500);
    append("stdout", "progress: 20 b\n");
    await().atMost(WAIT).until(() -> s.posts().size() >= 2); // after the failure: back to the base URL
    assertThat(s.bodies().get(1)).isEqualTo(body(20, "b", 2));
    assertThat(r.finish(WAIT)).isTrue();
  }

  @Test
  void aHungSchedulerDoesNotHoldTheTrackerAndFinishGivesUpWhenItsBudgetIsSpent() throws Exception {
    ScriptedScheduler s = scheduler();
    s.hangNext(1000);
    ProgressReporter r = reporter(s, Duration.ofMillis(100), 5, Duration.ofSeconds(30));
    r.start();
    append("stdout", "progress: 10 a\n");
    await().atMost(WAIT).until(() -> s.posts().size() == 1);
    append("stdout", "progress: 20 b\nprogress: 30 c\n");
    // The tracker goes on reading while its first POST hangs.
    await().atMost(WAIT).until(() -> r.latestFound() != null && r.latestFound().percent() == 30);

    // With the POST still hanging the final state cannot be delivered: finish says so once its budget is over.
    assertThat(r.finish(Duration.ofSeconds(2))).isFalse();
    assertThat(s.posts()).as("only the hung POST reached the scheduler").hasSize(1);
    r.close(); // aborts the hung POST at once
  }
}
