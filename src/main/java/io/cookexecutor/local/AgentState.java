package io.cookexecutor.local;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the agent knows about its one executor: the current event stream, the status update manager's view
 * (received and acknowledged uuids, delivered updates) and every call. Stream writes happen under this
 * object's lock so that events keep their order (SUBSCRIBED, then LAUNCH, then pending acknowledgements);
 * what observers read is kept in concurrent holders so that reading never waits for a slow stream write.
 */
final class AgentState {
  private static final Logger LOG = LoggerFactory.getLogger(AgentState.class);

  private final AgentEvents events;
  private final ExecutorService notifier;
  private final List<AgentListener> listeners = new CopyOnWriteArrayList<>();

  private Predicate<TaskStatus> acknowledges = status -> true;

  private volatile EventWriter stream;
  private final AtomicInteger subscribeCount = new AtomicInteger();
  private final Set<ByteString> received = new HashSet<>();
  private final Set<ByteString> acknowledged = new HashSet<>();
  private final List<Event> pendingAcks = new ArrayList<>();
  private final List<TaskStatus> delivered = new CopyOnWriteArrayList<>();
  private final AtomicInteger duplicates = new AtomicInteger();
  private final List<byte[]> messages = new CopyOnWriteArrayList<>();
  private final List<ReceivedCall> calls = new CopyOnWriteArrayList<>();

  AgentState(AgentEvents events, String threadName) {
    this.events = events;
    this.notifier = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
  }

  synchronized void acknowledgeWhen(Predicate<TaskStatus> policy) {
    acknowledges = policy == null ? status -> true : policy;
  }

  // ---- the protocol

  boolean everSubscribed() {
    return subscribeCount.get() > 0;
  }

  synchronized void record(ReceivedCall call) {
    calls.add(call);
    tell(l -> l.onCall(call));
  }

  /**
   * A SUBSCRIBE answered on {@code newStream}: starts it, replaces (properly ends) the previous stream, sends
   * SUBSCRIBED (and LAUNCH the first time), the acknowledgements that waited for a stream, then handles the
   * re-sent updates.
   */
  synchronized void subscribe(EventWriter newStream, Call.Subscribe subscribe) {
    // The 200 head goes out under the lock too, so that two racing SUBSCRIBEs cannot interleave.
    if (!newStream.start()) {
      return;
    }
    EventWriter previous = stream;
    stream = newStream;
    if (previous != null && previous != newStream) {
      previous.finish();
    }
    int count = subscribeCount.incrementAndGet();
    List<Event> batch = new ArrayList<>();
    batch.add(events.subscribed());
    if (count == 1) {
      batch.add(events.launch());
    }
    boolean lost = count > 1 && stillStaging(subscribe);
    if (lost) {
      // As the agent does on a re-subscription: a task still STAGING that the executor does not list never
      // reached it, so it is lost; with no task left, the executor is shut down.
      TaskStatus status = events.lostTask("the executor re-subscribed without having received the task");
      received.add(status.getUuid());
      delivered.add(status);
      LOG.info("Task {} never reached the executor: TASK_LOST, then SHUTDOWN", status.getTaskId().getValue());
      tell(l -> l.onUpdate(status, false));
      batch.add(AgentEvents.ofType(Event.Type.SHUTDOWN));
    }
    List<Event> acks = new ArrayList<>(pendingAcks);
    pendingAcks.clear();
    batch.addAll(acks);
    if (!newStream.send(batch)) {
      pendingAcks.addAll(0, acks);
    }
    LOG.info("Executor subscribed (subscription {}, {} re-sent updates)", count,
        subscribe.getUnacknowledgedUpdatesCount());
    tell(l -> l.onSubscribed(count));
    // As the agent does: each re-sent update goes through the status update manager like an UPDATE call.
    for (Call.Update update : subscribe.getUnacknowledgedUpdatesList()) {
      receive(update.getStatus()).ifPresent(this::sendAck);
    }
  }

  /** Whether the launched task has had no update yet and the re-subscribing executor does not know it. */
  private boolean stillStaging(Call.Subscribe subscribe) {
    TaskID task = events.taskId();
    boolean updated = delivered.stream().anyMatch(s -> s.getTaskId().equals(task));
    boolean known = subscribe.getUnacknowledgedTasksList().stream().anyMatch(t -> t.getTaskId().equals(task))
        || subscribe.getUnacknowledgedUpdatesList().stream()
            .anyMatch(u -> u.getStatus().getTaskId().equals(task));
    return !updated && !known;
  }

  synchronized void streamClosed(EventWriter closed) {
    if (stream == closed) {
      stream = null;
    }
    tell(AgentListener::onStreamClosed);
  }

  /**
   * The status update manager's handling of one update: a new uuid is delivered, a repeated one counted as a
   * duplicate. Returns the acknowledgement to send, unless the policy withholds it or it was already sent.
   */
  synchronized Optional<Event> receive(TaskStatus status) {
    ByteString uuid = status.getUuid();
    boolean duplicate = !received.add(uuid);
    if (duplicate) {
      duplicates.incrementAndGet();
    } else {
      delivered.add(status);
    }
    LOG.info("Status update {} of task {}{}", status.getState(), status.getTaskId().getValue(),
        duplicate ? " (duplicate)" : "");
    tell(l -> l.onUpdate(status, duplicate));
    if (acknowledged.contains(uuid) || !acknowledges.test(status)) {
      return Optional.empty();
    }
    acknowledged.add(uuid);
    return Optional.of(AgentEvents.acknowledged(status.getTaskId(), uuid));
  }

  /**
   * An update the agent itself generates for the task (a container limitation), delivered unless the task
   * already had a terminal update, as the agent only transitions tasks that are not terminal yet.
   */
  synchronized boolean deliverAgentUpdate(TaskStatus status) {
    boolean terminal = delivered.stream().anyMatch(s -> s.getTaskId().equals(status.getTaskId())
        && io.cookexecutor.agent.Statuses.isTerminal(s.getState()));
    if (terminal) {
      return false;
    }
    received.add(status.getUuid());
    delivered.add(status);
    LOG.info("Status update {} of task {} from the agent: {}", status.getState(), status.getTaskId().getValue(),
        status.getReason());
    tell(l -> l.onUpdate(status, false));
    return true;
  }

  /** Writes an acknowledgement on the stream, or keeps it for right after the next SUBSCRIBED. */
  synchronized void sendAck(Event ack) {
    if (stream == null || !stream.send(List.of(ack))) {
      pendingAcks.add(ack);
    }
  }

  synchronized void message(byte[] data) {
    messages.add(data.clone());
    tell(l -> l.onMessage(data.clone()));
  }

  // ---- controls

  /** Writes events on the current stream; false when there is none or the write failed. */
  synchronized boolean send(List<Event> batch) {
    return stream != null && stream.send(batch);
  }

  Optional<StreamHandle> currentStream() {
    EventWriter current = stream;
    if (current == null) {
      return Optional.empty();
    }
    return Optional.of(new StreamHandle() {
      @Override
      public boolean writeChunk(byte[] payload) {
        synchronized (AgentState.this) {
          return current.sendRaw(payload.clone());
        }
      }

      @Override
      public void drop() {
        current.drop();
      }

      @Override
      public boolean isOpen() {
        return current.isOpen();
      }
    });
  }

  // ---- observation

  boolean streamOpen() {
    EventWriter current = stream;
    return current != null && current.isOpen();
  }

  int subscribeCount() {
    return subscribeCount.get();
  }

  List<ReceivedCall> calls() {
    return List.copyOf(calls);
  }

  List<TaskStatus> delivered() {
    return List.copyOf(delivered);
  }

  int duplicates() {
    return duplicates.get();
  }

  List<byte[]> messages() {
    List<byte[]> copy = new ArrayList<>();
    messages.forEach(m -> copy.add(m.clone()));
    return copy;
  }

  void addListener(AgentListener listener) {
    listeners.add(listener);
  }

  void removeListener(AgentListener listener) {
    listeners.remove(listener);
  }

  /** Stops notifying listeners, waiting a bounded time for the ones queued. */
  void close() {
    notifier.shutdown();
    try {
      if (!notifier.awaitTermination(2, TimeUnit.SECONDS)) {
        notifier.shutdownNow();
      }
    } catch (InterruptedException e) {
      notifier.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void tell(Consumer<AgentListener> event) {
    if (listeners.isEmpty()) {
      return;
    }
    try {
      notifier.execute(() -> {
        for (AgentListener l : listeners) {
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
