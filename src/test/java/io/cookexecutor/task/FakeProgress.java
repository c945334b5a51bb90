package io.cookexecutor.task;

import java.util.concurrent.CompletableFuture;

/** A {@link TaskProgress.Factory} whose tracking finishes (or fails) when the test says so. */
public final class FakeProgress implements TaskProgress.Factory {
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private boolean finishAtOnce = true;
  private boolean started;
  private boolean stopped;
  private io.cookexecutor.progress.ProgressSink sink;

  /** Leave the final flush pending until {@link #complete} or {@link #fail}. */
  public FakeProgress held() {
    finishAtOnce = false;
    return this;
  }

  public void complete() {
    finished.complete(null);
  }

  public void fail(Throwable t) {
    finished.completeExceptionally(t);
  }

  /** The tracker finds a progress state: it goes to the supervisor's sink, as from the tracker's thread. */
  public void emit(int sequence, int percent, String message) {
    sink.send(new io.cookexecutor.progress.ProgressUpdate(sequence, percent, message));
  }

  public boolean started() {
    return started;
  }

  public boolean stopped() {
    return stopped;
  }

  @Override
  public TaskProgress start(io.cookexecutor.progress.ProgressSettings settings, java.util.List<java.nio.file.Path> locations,
      io.cookexecutor.progress.ProgressSink sink) {
    started = true;
    this.sink = sink;
    return new TaskProgress() {
      @Override
      public CompletableFuture<Void> finish(java.time.Duration budget) {
        if (finishAtOnce) {
          finished.complete(null);
        }
        return finished;
      }

      @Override
      public void stop() {
        stopped = true;
        finished.complete(null);
      }
    };
  }
}
