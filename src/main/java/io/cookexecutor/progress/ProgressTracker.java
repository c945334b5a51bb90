package io.cookexecutor.progress;
// STUB until helper-progress lands.
public final class ProgressTracker implements AutoCloseable {
  public ProgressTracker(ProgressSettings settings, java.util.List<java.nio.file.Path> locations, ProgressSink sink) {}
  public void start() {}
  public java.util.concurrent.CompletableFuture<Void> finish(java.time.Duration budget) { return java.util.concurrent.CompletableFuture.completedFuture(null); }
  public void stop() {}
  public void close() {}
}
