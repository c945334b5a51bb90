package io.cookexecutor.local.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.agent.Statuses;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The agent's status update manager for its one executor: received and acknowledged uuids, the updates
 * delivered to the scheduler (each uuid once, in order) and the duplicates. Not thread-safe:
 * {@link AgentState}'s lock guards it.
 */
final class StatusUpdateManager {
  /** What receiving one update decided: whether it repeated a uuid, and the acknowledgement to send. */
  record Receipt(boolean duplicate, Optional<Event> ack) {}

  private final Set<ByteString> received = new HashSet<>();
  private final Set<ByteString> acknowledged = new HashSet<>();
  private final List<TaskStatus> delivered = new ArrayList<>();
  private int duplicates;

  /**
   * A new uuid is delivered, a repeated one counted as a duplicate. It is acknowledged once, and only when
   * {@code acknowledges} accepts it: one withheld is acknowledged when it comes again and is accepted then.
   */
  Receipt receive(TaskStatus status, Predicate<TaskStatus> acknowledges) {
    ByteString uuid = status.getUuid();
    boolean duplicate = !received.add(uuid);
    if (duplicate) {
      duplicates++;
    } else {
      delivered.add(status);
    }
    if (acknowledged.contains(uuid) || !acknowledges.test(status)) {
      return new Receipt(duplicate, Optional.empty());
    }
    acknowledged.add(uuid);
    return new Receipt(duplicate, Optional.of(AgentEvents.acknowledged(status.getTaskId(), uuid)));
  }

  /**
   * An update the agent itself generates for the task, delivered unless the task already had a terminal
   * update, as the agent only transitions tasks that are not terminal yet.
   */
  boolean deliverOwn(TaskStatus status) {
    boolean terminal = delivered.stream().anyMatch(s -> s.getTaskId().equals(status.getTaskId())
        && Statuses.isTerminal(s.getState()));
    if (terminal) {
      return false;
    }
    received.add(status.getUuid());
    delivered.add(status);
    return true;
  }

  /** Whether {@code task} has had no update yet and the re-subscribing executor does not know it. */
  boolean stillStaging(TaskID task, Call.Subscribe subscribe) {
    boolean updated = delivered.stream().anyMatch(s -> s.getTaskId().equals(task));
    boolean known = subscribe.getUnacknowledgedTasksList().stream().anyMatch(t -> t.getTaskId().equals(task))
        || subscribe.getUnacknowledgedUpdatesList().stream()
            .anyMatch(u -> u.getStatus().getTaskId().equals(task));
    return !updated && !known;
  }

  List<TaskStatus> delivered() {
    return List.copyOf(delivered);
  }

  int duplicates() {
    return duplicates;
  }
}
