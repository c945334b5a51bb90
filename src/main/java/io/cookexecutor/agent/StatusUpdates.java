package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import io.cookexecutor.log.Log;

/**
 * Status updates, delivered at least once and in order: each is kept (in the {@link UpdateLedger}) until
 * acknowledged; on the UPDATES channel one is sent at a time, oldest unaccepted first, and a later one
 * only once the agent has accepted (202) every earlier one; a refused, failed or timed-out update is sent
 * again, same uuid, after a backoff from {@link #RETRY_BASE} capped by {@code MESOS_SUBSCRIPTION_BACKOFF_MAX};
 * a re-SUBSCRIBE carries them all, in order, and the agent's SUBSCRIBED means it took them. Owns the one
 * fact "the terminal update of a task": a task has one, a second is dropped, and whether it is accepted
 * and acknowledged is asked here. A terminal update waits in the {@link UpdateHold} while framework
 * messages are on their way. A terminal update not accepted within the delivery bound is given up on,
 * with every undelivered update logged. Runs on the loop.
 */
public final class StatusUpdates {
  private static final Log LOG = Log.of(StatusUpdates.class);
  static final Duration RETRY_BASE = Duration.ofMillis(100);

  /** Where the terminal update of a task is on its way to the scheduler. */
  public enum Delivery { NONE, PENDING, ACCEPTED, ACKNOWLEDGED }

  /** What the updates report; called on the loop. */
  interface Listener {
    void accepted(TaskStatus status);

    void acknowledged(TaskID taskId, ByteString uuid, TaskStatus status);

    /** A terminal update was not accepted within the delivery bound. */
    void undeliverable(String why);
  }

  private final Loop loop;
  private final AgentCalls calls;
  private final CallBuilder builder;
  private final Duration deliveryBound;
  private final Backoff backoff;
  private final Listener listener;
  private final UpdateLedger ledger = new UpdateLedger();
  private final UpdateHold hold;
  private final Set<ByteString> accepted = new HashSet<>();
  /** Which subscription generation carried each pending update in its SUBSCRIBE call. */
  private final Map<ByteString, Integer> carriedBy = new HashMap<>();
  /** The terminal update of each task that has one, and whether it was acknowledged. */
  private final Map<String, ByteString> terminal = new HashMap<>();
  private final Set<ByteString> acknowledgedTerminal = new HashSet<>();

  private boolean open;
  private boolean closed;
  private ByteString inFlight;
  private Scheduled retry;
  private Scheduled giveUp;

  StatusUpdates(Loop loop, AgentCalls calls, CallBuilder builder, Duration deliveryBound, Duration backoffMax,
      java.util.function.DoubleSupplier jitter, java.util.function.IntSupplier unsettledMessages,
      Listener listener) {
    this.loop = loop;
    this.calls = calls;
    this.builder = builder;
    this.deliveryBound = deliveryBound;
    this.backoff = new Backoff(RETRY_BASE, backoffMax, jitter);
    this.listener = listener;
    this.hold = new UpdateHold(loop, unsettledMessages, u -> {
      ledger.add(u);
      pump();
    });
  }

  void taskLaunched(TaskInfo task) {
    ledger.taskLaunched(task);
  }

  /** Queues an update for delivery; false (and nothing sent) for a second terminal update of a task. */
  boolean add(TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    if (terminal.containsKey(taskId)) {
      LOG.error("Dropping update {} for task {}: the task already has its terminal update (uuid {}), and "
          + "nothing follows it", status.getState(), taskId, Statuses.uuidText(terminal.get(taskId)));
      return false;
    }
    boolean isTerminal = Statuses.isTerminal(status.getState());
    if (isTerminal) {
      terminal.put(taskId, status.getUuid());
      if (giveUp == null) {
        giveUp = loop.schedule(deliveryBound, this::deliveryBoundOver);
      }
    }
    Call.Update update = Call.Update.newBuilder().setStatus(status).build();
    boolean held = hold.offer(update, isTerminal);
    if (!held) {
      ledger.add(update);
    }
    LOG.info("Update {} for task {} (uuid {}{}){}", status.getState(), taskId,
        Statuses.uuidText(status.getUuid()), status.hasReason() ? ", reason " + status.getReason() : "",
        held ? ": held until the framework messages before it are delivered (at most "
            + UpdateHold.BOUND.toMillis() + " ms while subscribed)"
            : open ? "" : ": queued until the agent is reachable");
    pump();
    return true;
  }

  /** Where the terminal update of {@code task} is. */
  public Delivery terminal(TaskID task) {
    ByteString uuid = task == null ? null : terminal.get(task.getValue());
    if (uuid == null) {
      return Delivery.NONE;
    }
    if (acknowledgedTerminal.contains(uuid)) {
      return Delivery.ACKNOWLEDGED;
    }
    if (hold.holds(uuid)) {
      return Delivery.PENDING;
    }
    return accepted.contains(uuid) || !ledger.pending(uuid) ? Delivery.ACCEPTED : Delivery.PENDING;
  }

  /** Whether some task's terminal update was not accepted yet. */
  boolean terminalUnaccepted() {
    return terminal.values().stream()
        .anyMatch(u -> hold.holds(u) || (ledger.pending(u) && !accepted.contains(u)));
  }

  /** Every framework message so far is delivered or given up on. */
  void messagesSettled() {
    hold.messagesSettled();
  }

  /** Pending updates (accepted or not), oldest first: what a SUBSCRIBE carries. */
  List<Call.Update> pending() {
    return ledger.updates();
  }

  /** Launched tasks with no acknowledged update. */
  List<TaskInfo> tasks() {
    return ledger.tasks();
  }

  /** Subscription {@code generation}'s SUBSCRIBE carries every pending update. */
  void carriedBy(int generation) {
    for (Call.Update u : ledger.updates()) {
      carriedBy.put(u.getStatus().getUuid(), generation);
    }
  }

  /** Subscribed as {@code generation}: what its SUBSCRIBE carried the agent has taken; send the rest. */
  void resume(int generation) {
    open = true;
    backoff.reset();
    hold.resume();
    for (Call.Update u : ledger.updates()) {
      ByteString uuid = u.getStatus().getUuid();
      Integer carrier = carriedBy.get(uuid);
      if (carrier != null && carrier == generation) {
        markAccepted(u.getStatus());
      }
    }
    pump();
  }

  /** The subscription is gone: nothing is sent until the next one (a call in flight may still end). */
  void pause() {
    open = false;
    hold.pause();
    cancelRetry();
  }

  void acknowledged(Event.Acknowledged ack) {
    Call.Update update = ledger.acknowledge(ack.getTaskId(), ack.getUuid());
    carriedBy.remove(ack.getUuid());
    accepted.remove(ack.getUuid());
    if (update == null) {
      LOG.warn("Acknowledgement for an unknown update {} of task {}", Statuses.uuidText(ack.getUuid()),
          ack.getTaskId().getValue());
      return;
    }
    if (ack.getUuid().equals(terminal.get(ack.getTaskId().getValue()))) {
      acknowledgedTerminal.add(ack.getUuid());
    }
    LOG.info("Agent acknowledged {} for task {} (uuid {})", update.getStatus().getState(),
        ack.getTaskId().getValue(), Statuses.uuidText(ack.getUuid()));
    listener.acknowledged(ack.getTaskId(), ack.getUuid(), update.getStatus());
    pump();
  }

  /** Updates the agent never accepted, oldest first. */
  List<TaskStatus> undelivered() {
    List<TaskStatus> out = new ArrayList<>();
    for (Call.Update u : ledger.updates()) {
      if (!accepted.contains(u.getStatus().getUuid())) {
        out.add(u.getStatus());
      }
    }
    hold.held().forEach(u -> out.add(u.getStatus()));
    return out;
  }

  /** Logs, as errors, every update the agent never accepted. */
  void logUndelivered() {
    for (TaskStatus s : undelivered()) {
      LOG.error("Update {} for task {} (uuid {}) was never accepted by the agent", s.getState(),
          s.getTaskId().getValue(), Statuses.uuidText(s.getUuid()));
    }
  }

  void close() {
    closed = true;
    open = false;
    hold.pause();
    cancelRetry();
    if (giveUp != null) {
      giveUp.cancel();
      giveUp = null;
    }
  }

  private void pump() {
    if (!open || closed || inFlight != null || retry != null) {
      return;
    }
    for (Call.Update u : ledger.updates()) {
      ByteString uuid = u.getStatus().getUuid();
      if (!accepted.contains(uuid)) {
        inFlight = uuid;
        calls.send(AgentCalls.Channel.UPDATES, builder.call(Call.Type.UPDATE).setUpdate(u).build(),
            outcome -> answered(uuid, outcome));
        return;
      }
    }
  }

  private void answered(ByteString uuid, CallOutcome outcome) {
    inFlight = null;
    if (closed) {
      return;
    }
    Call.Update update = ledger.get(uuid);
    if (update == null) {
      pump(); // acknowledged meanwhile
      return;
    }
    if (outcome.isAccepted()) {
      backoff.reset();
      markAccepted(update.getStatus());
      pump();
      return;
    }
    if (accepted.contains(uuid)) {
      pump(); // a re-SUBSCRIBE carried it meanwhile
      return;
    }
    Duration wait = backoff.next();
    LOG.warn("Update {} (uuid {}) not accepted ({}); sending it again in {} ms", update.getStatus().getState(),
        Statuses.uuidText(uuid), outcome, wait.toMillis());
    retry = loop.schedule(wait, () -> {
      retry = null;
      pump();
    });
  }

  private void markAccepted(TaskStatus status) {
    if (accepted.add(status.getUuid())) {
      listener.accepted(status);
    }
  }

  private void deliveryBoundOver() {
    giveUp = null;
    if (closed || !terminalUnaccepted()) {
      return;
    }
    String why = "a terminal update was not accepted within " + deliveryBound.toMillis() + " ms";
    LOG.error("Giving up delivering updates: {}", why);
    listener.undeliverable(why);
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }
}
