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
    return new Tracking(loop);
  }

  /**
   * The real one, made on the loop's turn after the launch's: making it (~3.5 ms) there delayed the sandbox
   * message and RUNNING. A finish first makes it at once (an instant exit keeps its final read); a stop
   * first means it is never made. Factory and product in one class: one task per executor.
   */
  final class Tracking implements Factory, TaskProgress, Runnable {
    private final Loop loop;
    private ProgressSettings settings;
    private List<Path> locations;
    private ProgressSink sink;
    private ProgressTracker tracker;
    private boolean stopped;

    Tracking(Loop loop) {
      this.loop = loop;
    }

    @Override
    public TaskProgress start(ProgressSettings settings, List<Path> locations, ProgressSink sink) {
      this.settings = settings;
      this.locations = locations;
      this.sink = sink;
      loop.post(this);
      return this;
    }

    @Override
    public void run() {
      if (!stopped) {
        tracker();
      }
    }

    @Override
    public void finish(Duration budget, Consumer<Throwable> done) {
      tracker().finish(budget, done);
    }

    @Override
    public void stop() {
      stopped = true;
      if (tracker != null) {
        tracker.stop();
      }
    }

    private ProgressTracker tracker() {
      if (tracker == null) {
        tracker = ProgressTracker.orDefaultRegex(settings, locations, sink, loop);
        tracker.start();
      }
      return tracker;
    }
  }
}
