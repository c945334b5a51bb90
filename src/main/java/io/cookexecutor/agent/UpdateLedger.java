package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * What the agent has not acknowledged yet: updates by uuid in the order they were produced, and launched
 * tasks none of whose updates was acknowledged. Both go into every re-SUBSCRIBE. Not thread-safe: owned
 * by the event loop.
 */
public final class UpdateLedger {
  private final Map<ByteString, Call.Update> updates = new LinkedHashMap<>();
  private final Map<String, TaskInfo> tasks = new LinkedHashMap<>();

  /** Records a launched task until one of its updates is acknowledged. */
  public void taskLaunched(TaskInfo task) {
    tasks.put(task.getTaskId().getValue(), task);
  }

  /** Records an update until its acknowledgement. */
  public void add(Call.Update update) {
    updates.put(update.getStatus().getUuid(), update);
  }

  /**
   * Removes an acknowledged update and its task from the unacknowledged tasks.
   *
   * @return the update, or null when it was not (or no longer) pending
   */
  public Call.Update acknowledge(TaskID taskId, ByteString uuid) {
    tasks.remove(taskId.getValue());
    return updates.remove(uuid);
  }

  /** Whether the update with this uuid still waits for its acknowledgement. */
  public boolean pending(ByteString uuid) {
    return updates.containsKey(uuid);
  }

  /** The pending update with this uuid, or null. */
  public Call.Update get(ByteString uuid) {
    return updates.get(uuid);
  }

  /** Pending updates, oldest first. */
  public List<Call.Update> updates() {
    return new ArrayList<>(updates.values());
  }

  /** Launched tasks with no acknowledged update. */
  public List<TaskInfo> tasks() {
    return new ArrayList<>(tasks.values());
  }
}
