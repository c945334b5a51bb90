package io.cookexecutor.agent;

import io.cookexecutor.lifetime.Closing;
import io.cookexecutor.log.Log;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The subscription: SUBSCRIBE and re-SUBSCRIBE with backoff, one generation per attempt (results of an
 * older one are ignored), the event stream decoded into listener calls, and giving up when no
 * subscription comes in time (the agent's registration window at first, {@code MESOS_RECOVERY_TIMEOUT}
 * after a disconnection with checkpointing). Pauses and resumes the {@link Outbox} with the stream. Runs on
 * the loop.
 */
final class Subscription {
  private static final Log LOG = Log.of(Subscription.class);
  /** The agent destroys an executor that does not subscribe within its registration timeout (1 min). */
  static final Duration REGISTRATION_WINDOW = Duration.ofMinutes(1);

  private enum State { CONNECTING, SUBSCRIBED, DISCONNECTED, GAVE_UP, CLOSED }

  private final Loop loop;
  private final AgentCalls calls;
  private final CallBuilder builder;
  private final boolean checkpoint;
  private final Duration recoveryTimeout;
  private final Backoff backoff;
  private final AgentSession.Listener listener;
  private final Outbox outbox;

  private State state = State.DISCONNECTED;
  private int generation;
  private Closeable stream;
  private boolean everSubscribed;
  private Scheduled giveUpTimer;

  Subscription(Loop loop, AgentCalls calls, CallBuilder builder, boolean checkpoint, Duration recoveryTimeout,
      Backoff backoff, AgentSession.Listener listener, Outbox outbox) {
    this.loop = loop;
    this.calls = calls;
    this.builder = builder;
    this.checkpoint = checkpoint;
    this.recoveryTimeout = recoveryTimeout;
    this.backoff = backoff;
    this.listener = listener;
    this.outbox = outbox;
  }

  void start() {
    Duration window = recoveryTimeout.compareTo(REGISTRATION_WINDOW) < 0 ? recoveryTimeout : REGISTRATION_WINDOW;
    giveUpTimer = loop.schedule(window, new Wakeup(0, "no subscription within " + window.toMillis() + " ms"));
    connect();
  }

  boolean subscribed() {
    return state == State.SUBSCRIBED;
  }

  boolean recovering() {
    return state == State.CONNECTING || (state == State.DISCONNECTED && checkpoint && everSubscribed);
  }

  void close() {
    state = State.CLOSED;
    generation++;
    cancelGiveUp();
    closeStream();
  }

  private void connect() {
    if (state == State.CLOSED || state == State.GAVE_UP) {
      return;
    }
    state = State.CONNECTING;
    int gen = ++generation;
    Ledger ledger = outbox.ledger();
    byte[] call;
    int carried = 0;
    int tasks = 0;
    if (ledger.isEmpty()) {
      call = FirstSubscribe.encode(calls.encoding(), builder.frameworkId, builder.executorId);
    } else {
      List<Call.Update> updates = ledger.carry(gen);
      List<TaskInfo> unacknowledged = ledger.unacknowledgedTasks();
      carried = updates.size();
      tasks = unacknowledged.size();
      Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder()
          .addAllUnacknowledgedTasks(unacknowledged)
          .addAllUnacknowledgedUpdates(updates);
      call = calls.encoding().encode(builder.call(Call.Type.SUBSCRIBE).setSubscribe(subscribe).buildPartial());
    }
    LOG.info("Subscribing to the agent (attempt generation {}, {} unacknowledged updates, {} tasks)",
        gen, carried, tasks);
    calls.subscribe(call, new Sink(gen));
  }

  /** What one generation's SUBSCRIBE reports; stale generations are ignored. */
  private final class Sink implements AgentCalls.StreamSink {
    private final int gen;

    Sink(int gen) {
      this.gen = gen;
    }

    @Override
    public void opened(Closeable s) {
      if (gen != generation || state == State.CLOSED) {
        Closing.quietly(s);
        return;
      }
      stream = s;
    }

    @Override
    public void event(Event event) {
      if (gen == generation) {
        received(event);
      }
    }

    @Override
    public void ended(CallOutcome outcome) {
      if (gen != generation) {
        return;
      }
      if (outcome.isPermanentRefusal()) {
        // 4xx: the agent refuses this executor (bad token, unknown ids); asking again cannot help.
        giveUp("the agent refused SUBSCRIBE: " + outcome);
      } else {
        disconnected(stream == null ? "subscribe failed: " + outcome : outcome.toString());
      }
    }
  }

  private void received(Event event) {
    LOG.info("Received event {}", event.getType());
    // On the numbers: a switch on the enum is a synthetic class more loaded at every start.
    switch (event.getType().getNumber()) {
      case Event.Type.SUBSCRIBED_VALUE:
        subscribedNow();
        break;
      case Event.Type.LAUNCH_VALUE:
        listener.onLaunch(event.getLaunch().getTask());
        break;
      case Event.Type.LAUNCH_GROUP_VALUE:
        listener.onLaunchGroup(event.getLaunchGroup());
        break;
      case Event.Type.KILL_VALUE:
        Event.Kill kill = event.getKill();
        Optional<Duration> grace = kill.hasKillPolicy() && kill.getKillPolicy().hasGracePeriod()
            ? Optional.of(Duration.ofNanos(kill.getKillPolicy().getGracePeriod().getNanoseconds()))
            : Optional.empty();
        listener.onKill(kill.getTaskId(), grace);
        break;
      case Event.Type.ACKNOWLEDGED_VALUE:
        outbox.acknowledged(event.getAcknowledged());
        break;
      case Event.Type.MESSAGE_VALUE:
        LOG.info("Message from the scheduler ({} bytes) ignored", event.getMessage().getData().size());
        break;
      case Event.Type.SHUTDOWN_VALUE:
        listener.onShutdown();
        break;
      case Event.Type.ERROR_VALUE:
        disconnected("the agent sent ERROR: " + event.getError().getMessage());
        break;
      case Event.Type.HEARTBEAT_VALUE:
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
    outbox.resume(generation);
    listener.onSubscribed(first);
  }

  private void disconnected(String why) {
    if (state == State.CLOSED || state == State.GAVE_UP) {
      return;
    }
    boolean wasConnected = state == State.SUBSCRIBED;
    generation++;
    closeStream();
    outbox.pause();
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
    LOG.warn("Disconnected from the agent ({}); re-subscribing for up to {} ms", why, recoveryTimeout.toMillis());
    if (giveUpTimer == null) {
      giveUpTimer = loop.schedule(recoveryTimeout,
          new Wakeup(0, "the agent did not come back within " + recoveryTimeout.toMillis() + " ms"));
    }
    scheduleReconnect();
    if (wasConnected) {
      listener.onDisconnected(true);
    }
  }

  private void scheduleReconnect() {
    loop.schedule(backoff.next(), new Wakeup(generation, null));
  }

  /** A timer of the subscription: give up (with why), or try again if nothing happened since (generation). */
  private final class Wakeup implements Runnable {
    private final int gen;
    private final String giveUpWhy;

    Wakeup(int gen, String giveUpWhy) {
      this.gen = gen;
      this.giveUpWhy = giveUpWhy;
    }

    @Override
    public void run() {
      if (giveUpWhy != null) {
        giveUp(giveUpWhy);
      } else if (gen == generation && state == State.DISCONNECTED) {
        connect();
      }
    }
  }

  private void giveUp(String why) {
    cancelGiveUp();
    if (state == State.SUBSCRIBED || state == State.CLOSED || state == State.GAVE_UP) {
      return;
    }
    LOG.error("Giving up on the agent: {}", why);
    generation++;
    closeStream();
    outbox.pause();
    state = State.GAVE_UP;
    listener.onGaveUp(why);
  }

  private void cancelGiveUp() {
    if (giveUpTimer != null) {
      giveUpTimer.cancel();
      giveUpTimer = null;
    }
  }

  private void closeStream() {
    if (stream != null) {
      Closing.quietly(stream);
      stream = null;
    }
  }

}
