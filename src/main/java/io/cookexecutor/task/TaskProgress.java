package io.cookexecutor.task;

import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.progress.ProgressSink;
import io.cookexecutor.progress.ProgressTracker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Progress tracking of the running task as the supervisor sees it: started once, then finished (final
 * flush) after a normal exit or stopped after a kill. {@link #tracker} is the real one.
 */
public interface TaskProgress {
  /** Completes after the final flush; exceptionally when tracking failed. */
  CompletableFuture<Void> finish(Duration budget);

  /** Stops at once, without a final flush. */
  void stop();

  /** Starts tracking for one task. */
  @FunctionalInterface
  interface Factory {
    TaskProgress start(ProgressSettings settings, List<Path> locations, ProgressSink sink);
  }

  /** The {@link ProgressTracker}; an unusable regex falls back to the default one. */
  static Factory tracker() {
    return (settings, locations, sink) -> {
      ProgressTracker started = ProgressTracker.orDefaultRegex(settings, locations, sink);
      started.start();
      return new TaskProgress() {
        @Override
        public CompletableFuture<Void> finish(Duration budget) {
          return started.finish(budget);
        }

        @Override
        public void stop() {
          started.stop();
        }
      };
    };
  }
}
