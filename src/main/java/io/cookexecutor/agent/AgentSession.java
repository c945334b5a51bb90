package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.loop.EventLoop;
import io.cookexecutor.loop.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's side of the agent protocol: subscribing and re-subscribing, decoding events into
 * listener calls, reliable status updates (ledger, retries, re-sending on re-SUBSCRIBE), framework
 * messages, and recovery after a disconnection. It knows nothing about tasks or processes. All methods
 * run on the event loop; the stream reader and the sender threads only post to it.
 */
public final class AgentSession {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
  /** The agent destroys an executor that does not subscribe within its registration timeout (1 min). */
  static final Duration REGISTRATION_WINDOW = Duration.ofMinutes(1);
  private static final Duration SEND_RETRY = Duration.ofSeconds(1);
  private static final Duration MESSAGE_RETRY = Duration.ofMillis(250);
  private static final int MAX_QUEUED_MESSAGES = 1000;
  private static final int MAX_MESSAGE_ATTEMPTS = 3;

  /** What the session reports to the executor. Called on the event loop. */
  public interface Listener {
    void onSubscribed(boolean first);

    void onLaunch(TaskInfo task);

    void onLaunchGroup(Event.LaunchGroup group);

    void onKill(TaskID taskId, Optional<Duration> gracePeriod);

    void onShutdown();

    void onAcknowledged(TaskID taskId, ByteString uuid, TaskStatus acknowledged);

    /** The connection is lost; {@code recovering} says whether the session will try to re-subscribe. */
    void onDisconnected(boolean recovering);

    /** No subscription could be (re-)established in time; the session stops trying. */
    void onGaveUp(String why);

    /** Every framework message so far was delivered or given up on. */
    void onMessagesSettled();
  }

  private enum State { CONNECTING, SUBSCRIBED, DISCONNECTED, GAVE_UP, CLOSED }

  private final EventLoop loop;
  private final AgentClient client;
  private final String frameworkId;
  private final String executorId;
  private final boolean checkpoint;
  private final Duration recoveryTimeout;
  private final Backoff backoff;
  private final Listener listener;
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(r -> Threads.daemon("agent-sender", r));
  private final UpdateLedger ledger = new UpdateLedger();
  /** Which subscription generation carried each pending update in its SUBSCRIBE call. */
  private final Map<ByteString, Integer> carriedBy = new HashMap<>();
  private final Set<String> terminated = new HashSet<>();
  private final Deque<PendingMessage> queuedMessages = new ArrayDeque<>();

  private State state = State.DISCONNECTED;
  private int generation;
  private EventStream stream;
  private boolean everSubscribed;
  private ScheduledFuture<?> giveUpTimer;
  /** Messages accepted by {@link #message} and not yet answered 202 or given up on. */
  private int unsettledMessages;

  public AgentSession(EventLoop loop, AgentClient client, String frameworkId, String executorId,
      boolean checkpoint, Duration recoveryTimeout, Duration backoffMax, Listener listener) {
    this.loop = loop;
    this.client = client;
    // Kept as strings: touching a protobuf type here would build the Mesos descriptors on the start-up path.
    this.frameworkId = frameworkId;
    this.executorId = executorId;
    this.checkpoint = checkpoint;
    this.recoveryTimeout = recoveryTimeout;
    this.backoff = new Backoff(backoffMax);
    this.listener = listener;
  }

  /** Sends the first SUBSCRIBE; retries it within the agent's registration window. */
  public void start() {
    Duration window = recoveryTimeout.compareTo(REGISTRATION_WINDOW) < 0
        ? recoveryTimeout : REGISTRATION_WINDOW;
    giveUpTimer = loop.schedule(window, () -> giveUp("no subscription within " + window.toMillis() + " ms"));
    connect();
  }

  /** Whether the event stream is open and subscribed. */
  public boolean subscribed() {
    return state == State.SUBSCRIBED;
  }

  /** Whether a re-subscription is being attempted. */
  public boolean recovering() {
    return state == State.CONNECTING || (state == State.DISCONNECTED && checkpoint && everSubscribed);
  }

  /** Records a launched task so that re-SUBSCRIBE reports it until one of its updates is acknowledged. */
  public void taskLaunched(TaskInfo task) {
    ledger.taskLaunched(task);
  }

  /**
   * Sends a status update reliably: it is kept until acknowledged and re-sent on failure and in every
   * re-SUBSCRIBE. A second terminal update for a task is dropped.
   *
   * @return false when the update was dropped
   */
  public boolean update(TaskStatus status) {
    String taskId = status.getTaskId().getValue();
    if (terminated.contains(taskId)) {
      LOG.error("Dropping a second terminal-phase update {} for task {}: a task has one terminal state",
          status.getState(), taskId);
      return false;
    }
    if (Statuses.isTerminal(status.getState())) {
      terminated.add(taskId);
    }
    Call.Update update = Call.Update.newBuilder().setStatus(status).build();
    ledger.add(update);
    LOG.info("Update {} for task {} (uuid {}{}){}", status.getState(), taskId,
        Statuses.uuidText(status.getUuid()),
        status.hasReason() ? ", reason " + status.getReason() : "",
        state == State.SUBSCRIBED ? "" : ": queued until the agent is reachable");
    if (state == State.SUBSCRIBED) {
      sendUpdate(update);
    }
    return true;
  }

  /** Whether the update with this uuid still waits for its acknowledgement. */
  public boolean unacknowledged(ByteString uuid) {
    return ledger.pending(uuid);
  }

  /** Sends a framework message; while disconnected it is queued (bounded) and sent after re-subscribing. */
  public void message(byte[] data) {
    PendingMessage m = new PendingMessage(ByteString.copyFrom(data));
    if (state == State.SUBSCRIBED) {
      unsettledMessages++;
      sendMessage(m);
    } else if (queuedMessages.size() < MAX_QUEUED_MESSAGES) {
      unsettledMessages++;
      queuedMessages.add(m);
    } else {
      LOG.warn("Dropping a framework message: {} are already queued for the agent", MAX_QUEUED_MESSAGES);
    }
  }

  /** How many framework messages are neither delivered nor given up on. */
  public int unsettledMessages() {
    return unsettledMessages;
  }

  /** Stops all activity: closes the stream, stops retrying, lets queued sends finish (bounded). */
  public void close(Duration drain) {
    state = State.CLOSED;
    generation++;
    cancelGiveUp();
    closeStream();
    sender.shutdown();
    try {
      if (!sender.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }

  private void connect() {
    if (state == State.CLOSED || state == State.GAVE_UP) {
      return;
    }
    state = State.CONNECTING;
    int gen = ++generation;
    byte[] call;
    if (ledger.size() == 0 && ledger.tasks().isEmpty()) {
      call = FirstSubscribe.encode(client.encoding(), frameworkId, executorId);
    } else {
      Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder()
          .addAllUnacknowledgedTasks(ledger.tasks())
          .addAllUnacknowledgedUpdates(ledger.updates());
      call = client.encoding().encode(call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).build());
    }
    for (Call.Update u : ledger.updates()) {
      carriedBy.put(u.getStatus().getUuid(), gen);
    }
    LOG.info("Subscribing to the agent (attempt generation {}, {} unacknowledged updates, {} tasks)",
        gen, ledger.size(), ledger.tasks().size());
    Threads.start("agent-stream-" + gen, () -> readStream(gen, call));
  }

  /** Runs on the stream thread: subscribe, then post each event to the loop until the stream ends. */
  private void readStream(int gen, byte[] call) {
    EventStream s;
    try {
      s = client.subscribe(call);
    } catch (AgentHttpException e) {
      // 4xx: the agent refuses this executor (bad token, unknown ids); asking again cannot help.
      loop.post(() -> {
        if (gen == generation) {
          if (e.retriable()) {
            disconnected("subscribe failed: " + e.getMessage());
          } else {
            giveUp("the agent refused SUBSCRIBE: " + e.getMessage());
          }
        }
      });
      return;
    } catch (IOException | RuntimeException e) {
      loop.post(() -> streamEnded(gen, "subscribe failed: " + e.getMessage()));
      return;
    }
    loop.post(() -> streamOpened(gen, s));
    String end;
    try {
      Event event;
      while ((event = s.next()) != null) {
        Event e = event;
        loop.post(() -> received(gen, e));
      }
      end = "the agent closed the event stream";
    } catch (IOException | RuntimeException e) {
      end = "event stream failed: " + e.getMessage();
    }
    String why = end;
    loop.post(() -> streamEnded(gen, why));
  }

  private void streamOpened(int gen, EventStream s) {
    if (gen != generation || state == State.CLOSED) {
      s.close();
      return;
    }
    stream = s;
  }

  private void streamEnded(int gen, String why) {
    if (gen != generation) {
      return;
    }
    disconnected(why);
  }

  private void received(int gen, Event event) {
    if (gen != generation) {
      return;
    }
    LOG.info("Received event {}", event.getType());
    switch (event.getType()) {
      case SUBSCRIBED:
        subscribedNow();
        break;
      case LAUNCH:
        listener.onLaunch(event.getLaunch().getTask());
        break;
      case LAUNCH_GROUP:
        listener.onLaunchGroup(event.getLaunchGroup());
        break;
      case KILL:
        Event.Kill kill = event.getKill();
        Optional<Duration> grace = kill.hasKillPolicy() && kill.getKillPolicy().hasGracePeriod()
            ? Optional.of(Duration.ofNanos(kill.getKillPolicy().getGracePeriod().getNanoseconds()))
            : Optional.empty();
        listener.onKill(kill.getTaskId(), grace);
        break;
      case ACKNOWLEDGED:
        acknowledged(event.getAcknowledged());
        break;
      case MESSAGE:
        LOG.info("Message from the scheduler ({} bytes) ignored", event.getMessage().getData().size());
        break;
      case SHUTDOWN:
        listener.onShutdown();
        break;
      case ERROR:
        disconnected("the agent sent ERROR: " + event.getError().getMessage());
        break;
      case HEARTBEAT:
        break;
      default:
        LOG.warn("Ignoring an event of unknown type {}", event.getType());
    }
  }

  private void subscribedNow() {
    if (state == State.SUBSCRIBED) {
      LOG.warn("Ignoring a second SUBSCRIBED on one stream");
      return;
    }
    boolean first = !everSubscribed;
    everSubscribed = true;
    state = State.SUBSCRIBED;
    backoff.reset();
    cancelGiveUp();
    LOG.info(first ? "Subscribed to the agent" : "Re-subscribed to the agent");
    // Updates made after the SUBSCRIBE call was built were not in it: send them now.
    for (Call.Update u : ledger.updates()) {
      Integer carrier = carriedBy.get(u.getStatus().getUuid());
      if (carrier == null || carrier != generation) {
        sendUpdate(u);
      }
    }
    while (!queuedMessages.isEmpty()) {
      sendMessage(queuedMessages.poll());
    }
    listener.onSubscribed(first);
  }

  private void acknowledged(Event.Acknowledged ack) {
    Call.Update update = ledger.acknowledge(ack.getTaskId(), ack.getUuid());
    carriedBy.remove(ack.getUuid());
    if (update == null) {
      LOG.warn("Acknowledgement for an unknown update {} of task {}", Statuses.uuidText(ack.getUuid()),
          ack.getTaskId().getValue());
      return;
    }
    LOG.info("Agent acknowledged {} for task {} (uuid {})", update.getStatus().getState(),
        ack.getTaskId().getValue(), Statuses.uuidText(ack.getUuid()));
    listener.onAcknowledged(ack.getTaskId(), ack.getUuid(), update.getStatus());
  }

  private void disconnected(String why) {
    if (state == State.CLOSED || state == State.GAVE_UP) {
      return;
    }
    boolean wasConnected = state == State.SUBSCRIBED;
    generation++;
    closeStream();
    state = State.DISCONNECTED;
    if (!everSubscribed) {
      LOG.warn("Not subscribed yet ({}); retrying", why);
      scheduleReconnect();
      return;
    }
    if (!checkpoint) {
      LOG.warn("Disconnected from the agent ({}); framework checkpointing is off, so no recovery", why);
      listener.onDisconnected(false);
      return;
    }
    LOG.warn("Disconnected from the agent ({}); re-subscribing for up to {} ms", why,
        recoveryTimeout.toMillis());
    if (giveUpTimer == null) {
      giveUpTimer = loop.schedule(recoveryTimeout,
          () -> giveUp("the agent did not come back within " + recoveryTimeout.toMillis() + " ms"));
    }
    scheduleReconnect();
    if (wasConnected) {
      listener.onDisconnected(true);
    }
  }

  private void scheduleReconnect() {
    Duration wait = backoff.next();
    int gen = generation;
    loop.schedule(wait, () -> {
      if (gen == generation && state == State.DISCONNECTED) {
        connect();
      }
    });
  }

  private void giveUp(String why) {
    cancelGiveUp();
    if (state == State.SUBSCRIBED || state == State.CLOSED || state == State.GAVE_UP) {
      return;
    }
    LOG.error("Giving up on the agent: {}", why);
    generation++;
    closeStream();
    state = State.GAVE_UP;
    listener.onGaveUp(why);
  }

  private void cancelGiveUp() {
    if (giveUpTimer != null) {
      giveUpTimer.cancel(false);
      giveUpTimer = null;
    }
  }

  private void closeStream() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  private void sendUpdate(Call.Update update) {
    Call call = call(Call.Type.UPDATE).setUpdate(update).build();
    ByteString uuid = update.getStatus().getUuid();
    sender.execute(() -> {
      try {
        client.send(call);
      } catch (IOException | RuntimeException e) {
        loop.post(() -> updateFailed(uuid, e));
      }
    });
  }

  private void updateFailed(ByteString uuid, Exception e) {
    Call.Update update = ledger.get(uuid);
    if (update == null) {
      return;
    }
    LOG.warn("Sending update {} (uuid {}) failed: {}; it stays pending and is retried",
        update.getStatus().getState(), Statuses.uuidText(uuid), e.getMessage());
    loop.schedule(SEND_RETRY, () -> {
      if (state == State.SUBSCRIBED && ledger.pending(uuid)) {
        sendUpdate(update);
      }
    });
  }

  private void sendMessage(PendingMessage m) {
    m.attempts++;
    Call call = call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(m.data)).build();
    sender.execute(() -> {
      try {
        client.send(call);
        loop.post(this::messageSettled);
      } catch (IOException | RuntimeException e) {
        loop.post(() -> messageFailed(m, e));
      }
    });
  }

  private void messageSettled() {
    unsettledMessages--;
    if (unsettledMessages == 0) {
      listener.onMessagesSettled();
    }
  }

  private void messageFailed(PendingMessage m, Exception e) {
    boolean retriable = !(e instanceof AgentHttpException) || ((AgentHttpException) e).retriable();
    if (!retriable || m.attempts >= MAX_MESSAGE_ATTEMPTS) {
      LOG.warn("Dropping a framework message after {} attempts: {}", m.attempts, e.getMessage());
      messageSettled();
      return;
    }
    LOG.warn("Sending a framework message failed ({}); retrying", e.getMessage());
    loop.schedule(MESSAGE_RETRY, () -> {
      if (state == State.SUBSCRIBED) {
        sendMessage(m);
      } else if (state != State.CLOSED) {
        queuedMessages.add(m);
      }
    });
  }

  private Call.Builder call(Call.Type type) {
    return Call.newBuilder().setType(type)
        .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
        .setExecutorId(ExecutorID.newBuilder().setValue(executorId));
  }

  /** A framework message and how often it was tried. */
  private static final class PendingMessage {
    final ByteString data;
    int attempts;

    PendingMessage(ByteString data) {
      this.data = data;
    }
  }
}
