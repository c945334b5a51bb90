package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * Everything not yet delivered to the agent, in the order the task produced it: status updates (kept until
 * acknowledged) and framework messages (kept until accepted). One ordered list of {@link Item}s, each
 * carrying its own state; pure data and decisions on a clock given by the caller, no I/O. The rules:
 * <ul>
 *   <li>the next call is the first item in order that waits, with two exceptions: a kept message goes
 *       ahead of a waiting progress message ("never behind progress"), and an update that has waited
 *       {@code holdNanos} behind messages (counted while subscribed) goes ahead of them;
 *   <li>progress is latest-wins: a new one replaces the waiting one (never the one in flight);
 *   <li>an update is accepted by a 202 or by a SUBSCRIBE that carried it; accepted updates stay until
 *       acknowledged, for the next re-SUBSCRIBE, but hold nothing back;
 *   <li>a SUBSCRIBE carries the updates no waiting message precedes (and any accepted one), so it never
 *       delivers a terminal update ahead of the exit code.
 * </ul>
 * Owns the fact "the terminal update of a task": one per task, a second is refused. Not thread-safe.
 */
final class Ledger {
  /** What an item is. */
  enum Kind { UPDATE, KEPT, PROGRESS }

  /** Where an item is on its way. */
  enum State { WAITING, IN_FLIGHT, ACCEPTED }

  /** One thing to deliver and its state. */
  static final class Item {
    final Kind kind;
    final Call.Update update;
    final ByteString data;
    final String what;
    State state = State.WAITING;
    /** The subscription generation whose SUBSCRIBE carried it (updates), or 0. */
    int carriedBy;
    /** Since when an update has waited, on the caller's clock, counted while subscribed. */
    long waitingSince;

    private Item(Kind kind, Call.Update update, ByteString data, String what, long now) {
      this.kind = kind;
      this.update = update;
      this.data = data;
      this.what = what;
      this.waitingSince = now;
    }

    boolean isUpdate() {
      return kind == Kind.UPDATE;
    }

    ByteString uuid() {
      return update.getStatus().getUuid();
    }

    @Override
    public String toString() {
      return isUpdate() ? "update " + update.getStatus().getState() + " (uuid " + Statuses.uuidText(uuid()) + ")"
          : "framework message (" + what + ")";
    }
  }

  private final List<Item> items = new ArrayList<>();
  private final Map<String, TaskInfo> unacknowledgedTasks = new LinkedHashMap<>();
  private final Map<String, ByteString> terminalUuids = new HashMap<>();
  private final Map<String, Boolean> terminalAcknowledged = new HashMap<>();
  private long superseded;

  void taskLaunched(TaskInfo task) {
    unacknowledgedTasks.put(task.getTaskId().getValue(), task);
  }

  /** The uuid of the terminal update of {@code taskId}, or null while it has none. */
  ByteString terminalOf(String taskId) {
    return terminalUuids.get(taskId);
  }

  void addUpdate(Call.Update update, boolean terminal, long now) {
    if (terminal) {
      terminalUuids.put(update.getStatus().getTaskId().getValue(), update.getStatus().getUuid());
    }
    items.add(new Item(Kind.UPDATE, update, null, null, now));
  }

  /** A kept message, after every update and kept message before it, ahead of a waiting progress message. */
  void addKept(ByteString data, String what, long now) {
    Item kept = new Item(Kind.KEPT, null, data, what, now);
    int at = items.size();
    for (int i = items.size() - 1; i >= 0 && !items.get(i).isUpdate(); i--) {
      Item it = items.get(i);
      if (it.kind == Kind.PROGRESS && it.state == State.WAITING) {
        at = i;
      }
    }
    items.add(at, kept);
  }

  /** The newest progress message; a waiting older one is dropped for it. */
  void addProgress(ByteString data, String what, long now) {
    if (removeWaitingProgress()) {
      superseded++;
    }
    items.add(new Item(Kind.PROGRESS, null, data, what, now));
  }

  private boolean removeWaitingProgress() {
    for (Iterator<Item> i = items.iterator(); i.hasNext(); ) {
      Item it = i.next();
      if (it.kind == Kind.PROGRESS && it.state == State.WAITING) {
        i.remove();
        return true;
      }
    }
    return false;
  }

  /**
   * The item to send now, or null. An update goes ahead of the messages before it once it has waited
   * {@code holdNanos} since {@code waitingSince}.
   */
  Item next(long now, long holdNanos) {
    Item firstMessage = null;
    for (Item it : items) {
      if (it.state != State.WAITING) {
        continue;
      }
      if (!it.isUpdate()) {
        if (firstMessage == null) {
          firstMessage = it;
        }
        continue;
      }
      if (firstMessage == null || now - it.waitingSince >= holdNanos) {
        return it;
      }
      break; // later updates keep their order behind this one
    }
    return firstMessage;
  }

  /**
   * The call of {@code it} has ended: {@code done} when the agent took it (or, for a message, refused it for
   * good), else it waits to be sent again; a progress message a newer one replaced is dropped instead.
   */
  void answered(Item it, boolean done) {
    if (!items.contains(it)) {
      return; // acknowledged meanwhile
    }
    if (done) {
      if (it.isUpdate()) {
        it.state = State.ACCEPTED;
      } else {
        items.remove(it);
      }
      return;
    }
    if (it.state == State.ACCEPTED) {
      return; // a re-SUBSCRIBE carried it meanwhile
    }
    if (it.kind == Kind.PROGRESS && hasWaitingProgress()) {
      items.remove(it); // a newer one replaces it
      superseded++;
      return;
    }
    it.state = State.WAITING;
  }

  private boolean hasWaitingProgress() {
    for (Item it : items) {
      if (it.kind == Kind.PROGRESS && it.state == State.WAITING) {
        return true;
      }
    }
    return false;
  }

  /** Removes the acknowledged update and its task from the unacknowledged tasks; null when unknown. */
  Item acknowledged(TaskID taskId, ByteString uuid) {
    unacknowledgedTasks.remove(taskId.getValue());
    for (Iterator<Item> i = items.iterator(); i.hasNext(); ) {
      Item it = i.next();
      if (it.isUpdate() && it.uuid().equals(uuid)) {
        i.remove();
        if (uuid.equals(terminalUuids.get(taskId.getValue()))) {
          terminalAcknowledged.put(taskId.getValue(), true);
        }
        return it;
      }
    }
    return null;
  }

  /** What a SUBSCRIBE of {@code generation} carries: the updates no waiting message precedes, and accepted ones. */
  List<Call.Update> carry(int generation) {
    List<Call.Update> out = new ArrayList<>();
    boolean messageBefore = false;
    for (Item it : items) {
      if (!it.isUpdate()) {
        messageBefore = true;
      } else if (!messageBefore || it.state == State.ACCEPTED) {
        it.carriedBy = generation;
        out.add(it.update);
      }
    }
    return out;
  }

  /** Subscribed as {@code generation}: what its SUBSCRIBE carried is accepted; the hold counts from {@code now}. */
  void subscribed(int generation, long now) {
    for (Item it : items) {
      if (it.isUpdate() && it.carriedBy == generation) {
        it.state = State.ACCEPTED;
      }
      it.waitingSince = now;
    }
  }

  /** Launched tasks none of whose updates was acknowledged: a SUBSCRIBE carries them. */
  List<TaskInfo> unacknowledgedTasks() {
    return new ArrayList<>(unacknowledgedTasks.values());
  }

  boolean isEmpty() {
    return items.isEmpty() && unacknowledgedTasks.isEmpty();
  }

  AgentSession.Delivery terminal(TaskID task) {
    ByteString uuid = task == null ? null : terminalUuids.get(task.getValue());
    if (uuid == null) {
      return AgentSession.Delivery.NONE;
    }
    if (terminalAcknowledged.containsKey(task.getValue())) {
      return AgentSession.Delivery.ACKNOWLEDGED;
    }
    for (Item it : items) {
      if (it.isUpdate() && it.uuid().equals(uuid)) {
        return it.state == State.ACCEPTED ? AgentSession.Delivery.ACCEPTED : AgentSession.Delivery.PENDING;
      }
    }
    return AgentSession.Delivery.ACCEPTED;
  }

  /** Messages neither delivered nor given up on. */
  int unsettledMessages() {
    int n = 0;
    for (Item it : items) {
      n += it.isUpdate() ? 0 : 1;
    }
    return n;
  }

  /** Progress messages dropped for newer ones since the last call; resets the count. */
  long takeSuperseded() {
    long n = superseded;
    superseded = 0;
    return n;
  }

  /** What the agent never took: updates not accepted and messages not delivered, in order. */
  List<Item> undelivered() {
    List<Item> out = new ArrayList<>();
    for (Item it : items) {
      if (it.state != State.ACCEPTED) {
        out.add(it);
      }
    }
    return out;
  }
}
