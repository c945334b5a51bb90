package io.cookexecutor.local.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import io.cookexecutor.log.Log;

/**
 * What the agent knows about its one executor: the current event stream, the status update manager, the
 * acknowledgements waiting for a stream, and every call and message. One lock (this object's) guards all of
 * it; readers get copies taken under it, and nothing under it writes to a socket or calls a listener.
 *
 * <p>Stream writes are decided under the lock and take their turn, in that order, on one write thread
 * ({@code writes}), which does the I/O outside the lock. Only that thread makes a stream current or touches
 * the waiting acknowledgements, and a write finds its stream when its turn comes. So when a SUBSCRIBE's turn
 * comes every earlier write is done and every acknowledgement that failed is among the waiting ones; two
 * SUBSCRIBEs cannot interleave; and a stream carries SUBSCRIBED, then LAUNCH, then the acknowledgements that
 * waited, then the rest, acknowledgements in the order they were sent.
 */
final class AgentState {
  private static final Log LOG = Log.of(AgentState.class);

  private final AgentEvents events;
  private final Executor writes;
  private final Executor notices;

  private final StatusUpdateManager updates = new StatusUpdateManager();
  private final List<AgentListener> listeners = new ArrayList<>();
  private final List<Event> pendingAcks = new ArrayList<>();
  private final List<byte[]> messages = new ArrayList<>();
  private final List<ReceivedCall> calls = new ArrayList<>();
  private Predicate<TaskStatus> acknowledges = status -> true;
  private EventWriter stream;
  private int subscribeCount;

  /**
   * {@code writes} runs the stream writes one at a time in the order given; {@code notices} tells the
   * listeners, also in order, off the threads that answer the executor.
   */
  AgentState(AgentEvents events, Executor writes, Executor notices) {
    this.events = events;
    this.writes = writes;
    this.notices = notices;
  }

  synchronized void acknowledgeWhen(Predicate<TaskStatus> policy) {
    acknowledges = policy == null ? status -> true : policy;
  }

  // ---- the protocol

  synchronized void record(ReceivedCall call) {
    calls.add(call);
    tell(l -> l.onCall(call));
  }

  /** A SUBSCRIBE answered on {@code newStream}: it takes its turn among the writes ({@link #subscribeInTurn}). */
  synchronized void subscribe(EventWriter newStream, Call.Subscribe subscribe) {
    inTurn(() -> subscribeInTurn(newStream, subscribe), newStream::drop);
  }

  /**
   * On the write thread: writes the 200 head and only then (a failed head leaves the state as it was) makes
   * {@code newStream} current, properly ends the previous stream, and sends SUBSCRIBED (and LAUNCH the first
   * time) with the acknowledgements that waited. The re-sent updates are then handled as UPDATE calls are;
   * their acknowledgements take their turns after this one.
   */
  private void subscribeInTurn(EventWriter newStream, Call.Subscribe subscribe) {
    if (!newStream.start()) {
      return;
    }
    EventWriter previous;
    List<Event> batch = new ArrayList<>();
    List<Event> acks;
    synchronized (this) {
      previous = stream;
      stream = newStream;
      int count = ++subscribeCount;
      batch.add(events.subscribed());
      if (count == 1) {
        batch.add(events.launch());
      }
      if (count > 1 && updates.stillStaging(events.taskId(), subscribe)) {
        // As the agent does on a re-subscription: a task still STAGING that the executor does not list never
        // reached it, so it is lost; with no task left, the executor is shut down.
        TaskStatus lost = events.lostTask("the executor re-subscribed without having received the task");
        updates.deliverOwn(lost);
        LOG.info("Task {} never reached the executor: TASK_LOST, then SHUTDOWN", lost.getTaskId().getValue());
        tell(l -> l.onUpdate(lost, false));
        batch.add(AgentEvents.ofType(Event.Type.SHUTDOWN));
      }
      acks = List.copyOf(pendingAcks);
      pendingAcks.clear();
      batch.addAll(acks);
      LOG.info("Executor subscribed (subscription {}, {} re-sent updates)", count,
          subscribe.getUnacknowledgedUpdatesCount());
      tell(l -> l.onSubscribed(count));
      for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
        receive(update.getStatus()).ifPresent(this::sendAck);
      }
    }
    if (previous != null && previous != newStream) {
      previous.finish();
    }
    boolean sent = false;
    try {
      sent = newStream.send(batch);
    } finally {
      if (!sent) {
        synchronized (this) {
          // Nothing else touches the waiting acknowledgements before this turn ends: these go first again.
          pendingAcks.addAll(0, acks);
        }
      }
    }
  }

  synchronized void streamClosed(EventWriter closed) {
    if (stream == closed) {
      stream = null;
    }
    tell(AgentListener::onStreamClosed);
  }

  /**
   * The status update manager's handling of one update ({@link StatusUpdateManager#receive}). Returns the
   * acknowledgement to send, unless the policy withholds it or it was already sent.
   */
  synchronized Optional<Event> receive(TaskStatus status) {
    StatusUpdateManager.Receipt receipt = updates.receive(status, acknowledges);
    LOG.info("Status update {} of task {}{}", status.getState(), status.getTaskId().getValue(),
        receipt.duplicate() ? " (duplicate)" : "");
    tell(l -> l.onUpdate(status, receipt.duplicate()));
    return receipt.ack();
  }

  /** An update the agent itself generates for the task (a container limitation), unless it is terminal already. */
  synchronized boolean deliverAgentUpdate(TaskStatus status) {
    if (!updates.deliverOwn(status)) {
      return false;
    }
    LOG.info("Status update {} of task {} from the agent: {}", status.getState(), status.getTaskId().getValue(),
        status.getReason());
    tell(l -> l.onUpdate(status, false));
    return true;
  }

  /** Writes an acknowledgement in its turn, or keeps it for right after the next SUBSCRIBED. */
  synchronized void sendAck(Event ack) {
    inTurn(() -> {
      boolean sent = false;
      try {
        EventWriter target = currentWriter();
        sent = target != null && target.send(List.of(ack));
      } finally {
        if (!sent) {
          synchronized (this) {
            pendingAcks.add(ack);
          }
        }
      }
    }, () -> pendingAcks.add(ack));
  }

  synchronized void message(byte[] data) {
    messages.add(data.clone());
    tell(l -> l.onMessage(data.clone()));
  }

  // ---- controls

  /** Writes events in their turn on the stream current then; completes with whether they went out. */
  synchronized CompletableFuture<Boolean> send(List<Event> batch) {
    return inTurn(() -> {
      EventWriter target = currentWriter();
      return target != null && target.send(batch);
    });
  }

  /** Writes {@code payload} as one chunk of {@code target} in its turn; completes with whether it went out. */
  synchronized CompletableFuture<Boolean> sendRaw(EventWriter target, byte[] payload) {
    byte[] copy = payload.clone();
    return inTurn(() -> target.sendRaw(copy));
  }

  // ---- observation: copies taken under the lock

  synchronized EventWriter currentWriter() {
    return stream;
  }

  boolean streamOpen() {
    EventWriter current = currentWriter();
    return current != null && current.isOpen();
  }

  synchronized int subscribeCount() {
    return subscribeCount;
  }

  synchronized List<ReceivedCall> calls() {
    return List.copyOf(calls);
  }

  synchronized List<TaskStatus> delivered() {
    return updates.delivered();
  }

  synchronized int duplicates() {
    return updates.duplicates();
  }

  /** The acknowledgements waiting for the next SUBSCRIBED, in order. */
  synchronized List<Event> pendingAcks() {
    return List.copyOf(pendingAcks);
  }

  synchronized List<byte[]> messages() {
    return messages.stream().map(byte[]::clone).toList();
  }

  synchronized void addListener(AgentListener listener) {
    listeners.add(listener);
  }

  /** Under the lock: {@code write} takes the next turn; completes with what it returned (false if it failed). */
  private CompletableFuture<Boolean> inTurn(BooleanSupplier write) {
    CompletableFuture<Boolean> sent = new CompletableFuture<>();
    inTurn(() -> {
      boolean ok = false;
      try {
        ok = write.getAsBoolean();
      } finally {
        sent.complete(ok);
      }
    }, () -> sent.complete(false));
    return sent;
  }

  /** Under the lock: {@code write} takes the next turn, or {@code ifClosed} runs when the agent is closing. */
  private void inTurn(Runnable write, Runnable ifClosed) {
    try {
      writes.execute(() -> {
        try {
          write.run();
        } catch (RuntimeException e) {
          LOG.warn("Stream write failed", e);
        }
      });
    } catch (RejectedExecutionException closing) {
      ifClosed.run();
    }
  }

  /** Under the lock: the listeners registered now hear {@code event}, in the order told. */
  private void tell(Consumer<AgentListener> event) {
    if (listeners.isEmpty()) {
      return;
    }
    List<AgentListener> now = List.copyOf(listeners);
    try {
      notices.execute(() -> {
        for (AgentListener l : now) {
          try {
            event.accept(l);
          } catch (RuntimeException e) {
            LOG.warn("Agent listener failed", e);
          }
        }
      });
    } catch (RejectedExecutionException closing) {
      // The agent is closing: nobody is listening any more.
    }
  }
}
