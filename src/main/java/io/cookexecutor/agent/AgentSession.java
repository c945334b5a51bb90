package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.loop.Loop;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The executor's side of the agent protocol, made of three parts with one concern each: the
 * {@link Subscription} (SUBSCRIBE, events, recovery, giving up), the {@link StatusUpdates} (order,
 * retries, the ledger, the terminal update) and the {@link MessageOutbox}. It knows nothing about tasks
 * or processes. All methods run on the loop.
 */
public final class AgentSession {
  /**
   * How long a terminal update may stay unaccepted, with checkpointing off, before it is given up on: as
   * the fail-safe of Mesos's command executor; with checkpointing it is {@code MESOS_RECOVERY_TIMEOUT}.
   */
  public static final Duration DELIVERY_BOUND_WITHOUT_CHECKPOINT = Duration.ofSeconds(60);

  /** What the session reports to the executor. Called on the loop. */
  public interface Listener {
    void onSubscribed(boolean first);

    void onLaunch(TaskInfo task);

    void onLaunchGroup(Event.LaunchGroup group);

    void onKill(TaskID taskId, Optional<Duration> gracePeriod);

    void onShutdown();

    /** The agent took the update (202, or it came in a re-SUBSCRIBE the agent answered). */
    void onAccepted(TaskStatus status);

    void onAcknowledged(TaskID taskId, ByteString uuid, TaskStatus acknowledged);

    /** The connection is lost; {@code recovering} says whether the session will try to re-subscribe. */
    void onDisconnected(boolean recovering);

    /** No subscription could be (re-)established in time; the session stops trying. */
    void onGaveUp(String why);

    /** A terminal update was not accepted within the delivery bound; the undelivered ones are logged. */
    void onUndeliverable(String why);

    /** Every framework message so far was delivered or given up on. */
    void onMessagesSettled();
  }

  private final AgentCalls calls;
  private final StatusUpdates updates;
  private final MessageOutbox outbox;
  private final Subscription subscription;
  private final Listener listener;

  public AgentSession(Loop loop, AgentCalls calls, String frameworkId, String executorId, boolean checkpoint,
      Duration recoveryTimeout, Duration backoffMax, Listener listener) {
    this(loop, calls, frameworkId, executorId, checkpoint, recoveryTimeout, backoffMax,
        () -> ThreadLocalRandom.current().nextDouble(), listener);
  }

  /** As the public constructor, with the backoffs' jitter supplied (tests replay it). */
  public AgentSession(Loop loop, AgentCalls calls, String frameworkId, String executorId, boolean checkpoint,
      Duration recoveryTimeout, Duration backoffMax, DoubleSupplier jitter, Listener listener) {
    this.calls = calls;
    CallBuilder builder = new CallBuilder(frameworkId, executorId);
    Duration deliveryBound = checkpoint ? recoveryTimeout : DELIVERY_BOUND_WITHOUT_CHECKPOINT;
    this.updates = new StatusUpdates(loop, calls, builder, deliveryBound, backoffMax, jitter,
        this::unsettledMessages, new StatusUpdates.Listener() {
          @Override
          public void accepted(TaskStatus status) {
            listener.onAccepted(status);
          }

          @Override
          public void acknowledged(TaskID taskId, ByteString uuid, TaskStatus status) {
            listener.onAcknowledged(taskId, uuid, status);
          }

          @Override
          public void undeliverable(String why) {
            listener.onUndeliverable(why);
          }
        });
    this.listener = listener;
    this.outbox = new MessageOutbox(loop, calls, builder, backoffMax, jitter, this::messagesSettled);
    this.subscription = new Subscription(loop, calls, builder, checkpoint, recoveryTimeout,
        new Backoff(Backoff.SUBSCRIBE_BASE, backoffMax, jitter), listener, updates, outbox);
  }

  /** Sends the first SUBSCRIBE; retries it within the agent's registration window. */
  public void start() {
    subscription.start();
  }

  /** Whether the event stream is open and subscribed. */
  public boolean subscribed() {
    return subscription.subscribed();
  }

  /** Whether a re-subscription is being attempted. */
  public boolean recovering() {
    return subscription.recovering();
  }

  /** Records a launched task so that re-SUBSCRIBE reports it until one of its updates is acknowledged. */
  public void taskLaunched(TaskInfo task) {
    updates.taskLaunched(task);
  }

  /**
   * Sends a status update reliably (see {@link StatusUpdates}). A terminal update waits (briefly) for the
   * framework messages before it; a second terminal update for a task is dropped.
   *
   * @return false when the update was dropped
   */
  public boolean update(TaskStatus status) {
    return updates.add(status);
  }

  /** Where the terminal update of {@code task} is on its way. */
  public StatusUpdates.Delivery terminal(TaskID task) {
    return updates.terminal(task);
  }

  /** Logs every update that the agent never accepted and every framework message never delivered. */
  public void logUndelivered() {
    updates.logUndelivered();
    outbox.logUndelivered();
  }

  /**
   * Sends a framework message that must arrive: never dropped by the executor, sent in order before any
   * replaceable message, retried until the agent takes it; while disconnected it waits for the
   * re-subscription. {@code what} describes it in the log.
   */
  public void message(byte[] data, String what) {
    outbox.add(data, what);
  }

  /** Sends a latest-wins framework message: an older replaceable message not yet sent is dropped for it. */
  public void replaceableMessage(byte[] data, String what) {
    outbox.replace(data, what);
  }

  /** How many framework messages are neither delivered nor given up on. */
  public int unsettledMessages() {
    return outbox.unsettled();
  }

  /** The terminal update held for the messages may go now; then the executor hears of it. */
  private void messagesSettled() {
    updates.messagesSettled();
    listener.onMessagesSettled();
  }

  /** Stops all activity and aborts every call in flight; never waits for the network. */
  public void close() {
    subscription.close();
    updates.close();
    outbox.close();
    calls.close();
  }
}
