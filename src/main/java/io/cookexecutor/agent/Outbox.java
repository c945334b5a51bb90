package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.log.Log;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The one channel of calls to the agent: status updates and framework messages, one call at a time, in the
 * {@link Ledger}'s order, so the agent receives what the task produced in the order it produced it
 * (STARTING, sandbox, RUNNING, exit code, final progress, terminal). A call that fails, times out or is
 * refused is sent again after a backoff from {@link #RETRY_BASE} capped by {@code MESOS_SUBSCRIPTION_BACKOFF_MAX},
 * same uuid for an update; a message refused with a 4xx is given up and logged. A MESSAGE call has
 * {@link #MESSAGE_DEADLINE} to be answered, the longest an update waits behind messages (the contract's
 * "about a second"); then the update goes first and the message after it. Runs on the loop.
 */
final class Outbox implements Consumer<CallOutcome>, Runnable {
  private static final Log LOG = Log.of(Outbox.class);
  static final Duration RETRY_BASE = Duration.ofMillis(100);
  /** How long a MESSAGE call may go unanswered, and an update wait behind messages while subscribed. */
  static final Duration MESSAGE_DEADLINE = Duration.ofSeconds(1);

  private final Loop loop;
  private final AgentCalls calls;
  private final CallBuilder builder;
  private final Backoff backoff;
  /** Told when something was accepted, acknowledged, delivered or given up. */
  private final AgentSession.Listener listener;
  private final Ledger ledger = new Ledger();
  private boolean open;
  private boolean closed;
  private Ledger.Item inFlight;
  private Scheduled retry;

  Outbox(Loop loop, AgentCalls calls, CallBuilder builder, Backoff backoff, AgentSession.Listener listener) {
    this.loop = loop;
    this.calls = calls;
    this.builder = builder;
    this.backoff = backoff;
    this.listener = listener;
  }

  Ledger ledger() {
    return ledger;
  }

  void taskLaunched(TaskInfo task) {
    ledger.taskLaunched(task);
  }

  /** Queues an update; false (and nothing sent) for a second terminal update of a task. */
  boolean update(TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    ByteString first = ledger.terminalOf(taskId);
    if (first != null) {
      LOG.error("Dropping update {} for task {}: the task already has its terminal update (uuid {}), and "
          + "nothing follows it", status.getState(), taskId, Statuses.uuidText(first));
      return false;
    }
    ledger.addUpdate(Call.Update.newBuilder().setStatus(status).build(), Statuses.isTerminal(status.getState()),
        loop.nanoTime());
    LOG.info("Update {} for task {} (uuid {}{}){}", status.getState(), taskId, Statuses.uuidText(status.getUuid()),
        status.hasReason() ? ", reason " + status.getReason() : "", open ? "" : ": queued until the agent is reachable");
    pump();
    return true;
  }

  /** Queues a message that must arrive: never dropped, never behind progress. */
  void message(byte[] data, String what) {
    ledger.addKept(ByteString.copyFrom(data), what, loop.nanoTime());
    pump();
  }

  /** Queues a latest-wins message: the one waiting before it is dropped. */
  void progress(byte[] data, String what) {
    ledger.addProgress(ByteString.copyFrom(data), what, loop.nanoTime());
    pump();
  }

  /** Subscribed as {@code generation}: what its SUBSCRIBE carried is accepted; sending resumes. */
  void resume(int generation) {
    open = true;
    backoff.reset();
    ledger.subscribed(generation, loop.nanoTime());
    listener.onDeliveryChanged();
    pump();
  }

  /** The subscription is gone: nothing is sent until the next one (a call in flight may still end). */
  void pause() {
    open = false;
    cancelRetry();
  }

  void acknowledged(Event.Acknowledged ack) {
    Ledger.Item update = ledger.acknowledged(ack.getTaskId(), ack.getUuid());
    if (update == null) {
      LOG.warn("Acknowledgement for an unknown update {} of task {}", Statuses.uuidText(ack.getUuid()),
          ack.getTaskId().getValue());
      return;
    }
    LOG.info("Agent acknowledged {} for task {} (uuid {})", update.update.getStatus().getState(),
        ack.getTaskId().getValue(), Statuses.uuidText(ack.getUuid()));
    listener.onDeliveryChanged();
    pump();
  }

  /** Logs, as errors, every update the agent never accepted and every message never delivered. */
  void logUndelivered() {
    for (Ledger.Item it : ledger.undelivered()) {
      if (it.isUpdate()) {
        TaskStatus s = it.update.getStatus();
        LOG.error("Update {} for task {} (uuid {}) was never accepted by the agent", s.getState(),
            s.getTaskId().getValue(), Statuses.uuidText(s.getUuid()));
      } else {
        LOG.error("Framework message ({}) was never delivered to the agent", it.what);
      }
    }
  }

  void close() {
    closed = true;
    pause();
  }

  private void pump() {
    if (!open || closed || inFlight != null || retry != null) {
      return;
    }
    Ledger.Item next = ledger.next(loop.nanoTime(), MESSAGE_DEADLINE.toNanos());
    if (next == null) {
      return;
    }
    inFlight = next;
    next.state = Ledger.State.IN_FLIGHT;
    Call call = next.isUpdate() ? builder.call(Call.Type.UPDATE).setUpdate(next.update).build()
        : builder.call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(next.data)).build();
    Duration deadline = next.isUpdate() ? AgentCalls.ANSWER_DEADLINE : MESSAGE_DEADLINE;
    calls.send(call, deadline, this);
  }

  /** The answer to the one call in flight. (The outbox is its own callback: one call at a time.) */
  @Override
  public void accept(CallOutcome outcome) {
    Ledger.Item item = inFlight;
    inFlight = null;
    if (closed) {
      return;
    }
    boolean givenUp = !item.isUpdate() && outcome.isPermanentRefusal();
    if (givenUp) {
      LOG.error("Giving up framework message ({}): the agent refused it: {}", item.what, outcome);
    }
    ledger.answered(item, outcome.isAccepted() || givenUp);
    if (outcome.isAccepted()) {
      backoff.reset();
    } else if (!givenUp) {
      Duration wait = backoff.next();
      LOG.warn("{} not accepted ({}); sending {} in {} ms", item, outcome,
          item.state == Ledger.State.WAITING ? "it again" : "what is next", wait.toMillis());
      retry = loop.schedule(wait, this);
    }
    if (ledger.unsettledMessages() == 0) {
      long superseded = ledger.takeSuperseded();
      if (superseded > 0) {
        LOG.info("{} progress message(s) were superseded before delivery", superseded);
      }
    }
    listener.onDeliveryChanged();
    pump();
  }

  /** The retry timer's end: send again, or what is next. */
  @Override
  public void run() {
    retry = null;
    pump();
  }

  private void cancelRetry() {
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }
}
