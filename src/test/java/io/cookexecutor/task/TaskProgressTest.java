package io.cookexecutor.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.cookexecutor.loop.ManualLoop;
import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.progress.ProgressUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real tracking as the supervisor drives it, on a manual loop over a real file: the tracker is made on
 * the turn after the launch's, and a finish or a stop that comes first still has its meaning.
 */
class TaskProgressTest {
  private static final ProgressSettings SETTINGS =
      new ProgressSettings(ProgressSettings.DEFAULT_REGEX, 512, 4096, Duration.ZERO);

  @TempDir Path dir;
  private final ManualLoop loop = new ManualLoop();
  private final List<ProgressUpdate> sent = new ArrayList<>();
  private final List<Throwable> finished = new ArrayList<>();

  private TaskProgress start(Path file) {
    return TaskProgress.tracker(loop).start(SETTINGS, List.of(file), sent::add);
  }

  private static Path write(Path file, String s) throws IOException {
    return Files.writeString(file, s);
  }

  @Test
  void afterTheLaunchTurnTheFileIsFollowed() throws Exception {
    Path stdout = write(dir.resolve("stdout"), "progress: 40, forty\n");
    start(stdout);
    assertThat(sent).as("nothing read in the launch's turn").isEmpty();
    loop.runReady();
    assertThat(sent).containsExactly(new ProgressUpdate(1, 40, "forty"));
  }

  @Test
  void aTaskThatExitsBeforeTrackingStartedStillGetsItsFinalRead() throws Exception {
    Path stdout = write(dir.resolve("stdout"), "progress: 10, a\nprogress: 100, done\n");
    TaskProgress p = start(stdout);
    p.finish(Duration.ofSeconds(5), finished::add); // the exit is heard before the deferred start runs
    loop.runReady();
    assertThat(finished).containsExactly((Throwable) null);
    assertThat(sent).extracting(ProgressUpdate::percent).endsWith(100);
  }

  @Test
  void aKillBeforeTrackingStartedMeansNothingIsEverRead() throws Exception {
    Path stdout = write(dir.resolve("stdout"), "progress: 50, half\n");
    TaskProgress p = start(stdout);
    p.stop();
    loop.advance(Duration.ofSeconds(5));
    assertThat(sent).isEmpty();
  }
}
