package io.cookexecutor.task;

import io.cookexecutor.loop.Loop;
import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.progress.ProgressSink;
import io.cookexecutor.progress.ProgressTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Progress tracking of the running task as the supervisor sees it: started once, then finished (final
 * flush) after a normal exit or stopped after a kill; all on the loop. {@link #tracker} is the real one.
 */
public interface TaskProgress {
  /** Reads to the end and sends the last state; {@code done} runs on the loop with null or the failure. */
  void finish(Duration budget, Consumer<Throwable> done);

  /** Stops at once, without a final flush. */
  void stop();

  /** Starts tracking for one task. */
  @FunctionalInterface
  interface Factory {
    TaskProgress start(ProgressSettings settings, List<Path> locations, ProgressSink sink);
  }

  /** The {@link ProgressTracker} on {@code loop}; an unusable regex falls back to the default one. */
  static Factory tracker(Loop loop) {
    return (settings, locations, sink) -> {
      ProgressTracker started = ProgressTracker.orDefaultRegex(settings, locations, sink, loop);
      started.start();
      return new TaskProgress() {
        @Override
        public void finish(Duration budget, Consumer<Throwable> done) {
          started.finish(budget, done);
        }

        @Override
        public void stop() {
          started.stop();
        }
      };
    };
  }
}
