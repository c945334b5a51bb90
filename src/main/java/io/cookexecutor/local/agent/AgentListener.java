package io.cookexecutor.local.agent;

import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * Live notifications from a {@link LocalAgent}, delivered in order on one agent thread (never on the thread
 * that answers the executor, so a slow listener cannot stall the protocol).
 */
public interface AgentListener {
  /** Every request to the executor endpoint, once its answer is decided. */
  default void onCall(ReceivedCall call) {}

  /** An update processed by the status update manager; {@code duplicate} when its uuid was seen before. */
  default void onUpdate(TaskStatus status, boolean duplicate) {}

  /** The data of a MESSAGE call, as the scheduler would receive it. */
  default void onMessage(byte[] data) {}

  /** A SUBSCRIBE answered with a stream; {@code count} is 1 for the first one. */
  default void onSubscribed(int count) {}

  /** The event stream ended, whichever side closed it. */
  default void onStreamClosed() {}
}
