package io.cookexecutor.local.agent;

import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;

/** The agent's structural checks of an executor call, with the messages a Mesos 1.11 agent gives. */
final class CallValidator {
  private static final int UUID_BYTES = 16;

  private CallValidator() {}

  /** The reason {@code call} is invalid, or empty when it is valid. */
  static Optional<String> validate(Call call) {
    if (!call.isInitialized()) {
      return Optional.of("Not initialized: " + String.join(", ", call.findInitializationErrors()));
    }
    if (!call.hasType()) {
      return Optional.of("Expecting 'type' to be present");
    }
    if (!call.hasExecutorId()) {
      return Optional.of("Expecting 'executor_id' to be present");
    }
    if (!call.hasFrameworkId()) {
      return Optional.of("Expecting 'framework_id' to be present");
    }
    return switch (call.getType()) {
      case SUBSCRIBE -> call.hasSubscribe() ? Optional.empty() : Optional.of("Expecting 'subscribe' to be present");
      case UPDATE -> validateUpdate(call);
      case MESSAGE -> call.hasMessage() ? Optional.empty() : Optional.of("Expecting 'message' to be present");
      default -> Optional.empty();
    };
  }

  private static Optional<String> validateUpdate(Call call) {
    if (!call.hasUpdate()) {
      return Optional.of("Expecting 'update' to be present");
    }
    TaskStatus status = call.getUpdate().getStatus();
    if (!status.hasUuid()) {
      return Optional.of("Expecting 'uuid' to be present");
    }
    if (status.getUuid().size() != UUID_BYTES) {
      return Optional.of("Not a valid UUID");
    }
    String executorId = call.getExecutorId().getValue();
    if (status.hasExecutorId() && !status.getExecutorId().getValue().equals(executorId)) {
      return Optional.of("ExecutorID in Call: " + executorId
          + " does not match ExecutorID in TaskStatus: " + status.getExecutorId().getValue());
    }
    if (status.getSource() != TaskStatus.Source.SOURCE_EXECUTOR) {
      return Optional.of("Received Call from executor " + executorId + " of framework "
          + call.getFrameworkId().getValue() + " with invalid source, expecting 'SOURCE_EXECUTOR'");
    }
    if (status.getState() == TaskState.TASK_STAGING) {
      return Optional.of("Received TASK_STAGING from executor " + executorId + " of framework "
          + call.getFrameworkId().getValue() + " which is not allowed");
    }
    return Optional.empty();
  }
}
