package io.cookexecutor.progress;

/**
 * Receives the progress states that pass the sample interval. Called from the tracker's thread, so
 * implementations must be cheap and thread-safe; an exception thrown here is logged and the state counts as
 * sent.
 */
@FunctionalInterface
public interface ProgressSink {
  /** Sends {@code update} (for the executor: as a framework message). */
  void send(ProgressUpdate update);
}
