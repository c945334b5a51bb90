package io.cookexecutor.progress;

/**
 * Receives the progress states that pass the sample interval: the engine's destination (a framework
 * message in executor mode, a POST to the scheduler in sidecar mode). Called from the tracker's thread with
 * the tracker's lock held, so implementations must only hand the state on (post to a loop, fill a slot),
 * never block on I/O; an exception thrown here is logged and the state counts as sent.
 */
@FunctionalInterface
public interface ProgressSink {
  /** Sends {@code update} (for the executor: as a framework message). */
  void send(ProgressUpdate update);
}
