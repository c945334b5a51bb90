package io.cookexecutor.task;

import io.cookexecutor.loop.Loop;
import io.cookexecutor.progress.ProgressSettings;
import io.cookexecutor.progress.ProgressSink;
import io.cookexecutor.progress.ProgressUpdate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link TaskProgress.Factory} whose tracking finishes (or fails) when the test says so. Like the real
 * tracker it runs on the loop: the test's thread is the loop's in a ManualLoop test.
 */
public final class FakeProgress implements TaskProgress.Factory {
  private final Loop loop;
  private boolean finishAtOnce = true;
  private boolean started;
  private boolean stopped;
  private ProgressSink sink;
  private Consumer<Throwable> pending;

  /** A tracker on {@code loop}, whose failures by an Error happen there. */
  public FakeProgress(Loop loop) {
    this.loop = loop;
  }

  /** Leave the final flush pending until {@link #complete} or {@link #fail}. */
  public FakeProgress held() {
    finishAtOnce = false;
    return this;
  }

  public void complete() {
    end(null);
  }

  /**
   * The final read fails: a RuntimeException reaches the supervisor's callback; an Error is thrown by the
   * tracker's round on the loop, so it goes to the loop's failure path.
   */
  public void fail(Throwable t) {
    if (t instanceof Error e) {
      pending = null;
      loop.post(() -> {
        throw e;
      });
      return;
    }
    end(t);
  }

  private void end(Throwable t) {
    Consumer<Throwable> done = pending;
    pending = null;
    if (done != null) {
      done.accept(t);
    }
  }

  /** The tracker finds a progress state: it goes to the supervisor's sink, on the loop. */
  public void emit(int sequence, int percent, String message) {
    sink.send(new ProgressUpdate(sequence, percent, message));
  }

  public boolean started() {
    return started;
  }

  public boolean stopped() {
    return stopped;
  }

  @Override
  public TaskProgress start(ProgressSettings settings, List<Path> locations, ProgressSink sink) {
    started = true;
    this.sink = sink;
    return new TaskProgress() {
      @Override
      public void finish(Duration budget, Consumer<Throwable> done) {
        pending = done;
        if (finishAtOnce) {
          end(null);
        }
      }

      @Override
      public void stop() {
        stopped = true;
        end(null);
      }
    };
  }
}
