package io.cookexecutor.agent;

import io.cookexecutor.loop.Loop;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * The executor's side of the agent protocol: the {@link Subscription} (SUBSCRIBE, events, recovery,
 * giving up) and the {@link Outbox} (updates and messages on one channel, in order, retried). It knows
 * nothing about tasks or processes. All methods run on the loop.
 */
public final class AgentSession {
  /** What the session reports to the executor. Called on the loop. */
  public interface Listener {
    void onSubscribed(boolean first);

    void onLaunch(TaskInfo task);

    void onLaunchGroup(Event.LaunchGroup group);

    void onKill(TaskID taskId, Optional<Duration> gracePeriod);

    void onShutdown();

    /** The connection is lost; {@code recovering} says whether the session will try to re-subscribe. */
    void onDisconnected(boolean recovering);

    /** No subscription could be (re-)established in time; the session stops trying. */
    void onGaveUp(String why);

    /** An update was accepted or acknowledged, or a message delivered or given up on. */
    void onDeliveryChanged();
  }

  /** Where the terminal update of a task is on its way to the scheduler. */
  public enum Delivery { NONE, PENDING, ACCEPTED, ACKNOWLEDGED }

  private final AgentCalls calls;
  private final Outbox outbox;
  private final Subscription subscription;

  public AgentSession(Loop loop, AgentCalls calls, String frameworkId, String executorId, boolean checkpoint,
      Duration recoveryTimeout, Duration backoffMax, Listener listener) {
    this(loop, calls, frameworkId, executorId, checkpoint, recoveryTimeout, backoffMax, SplitMix.SHARED, listener);
  }

  /** As the public constructor, with the backoffs' jitter supplied (tests replay it). */
  public AgentSession(Loop loop, AgentCalls calls, String frameworkId, String executorId, boolean checkpoint,
      Duration recoveryTimeout, Duration backoffMax, DoubleSupplier jitter, Listener listener) {
    this.calls = calls;
    CallBuilder builder = new CallBuilder(frameworkId, executorId);
    this.outbox = new Outbox(loop, calls, builder, new Backoff(Outbox.RETRY_BASE, backoffMax, jitter), listener);
    this.subscription = new Subscription(loop, calls, builder, checkpoint, recoveryTimeout,
        new Backoff(Backoff.SUBSCRIBE_BASE, backoffMax, jitter), listener, outbox);
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
    outbox.taskLaunched(task);
  }

  /**
   * Sends a status update reliably, after the messages before it (at most about a second behind them while
   * subscribed). A second terminal update for a task is dropped.
   *
   * @return false when the update was dropped
   */
  public boolean update(TaskStatus status) {
    return outbox.update(status);
  }

  /** Where the terminal update of {@code task} is on its way. */
  public Delivery terminal(TaskID task) {
    return outbox.ledger().terminal(task);
  }

  /** Logs every update that the agent never accepted and every framework message never delivered. */
  public void logUndelivered() {
    outbox.logUndelivered();
  }

  /**
   * Sends a framework message that must arrive: never dropped by the executor, sent in order before any
   * waiting progress message, retried until the agent takes it; while disconnected it waits for the
   * re-subscription. {@code what} describes it in the log.
   */
  public void message(byte[] data, String what) {
    outbox.message(data, what);
  }

  /** Sends a latest-wins progress message: an older one not yet sent is dropped for it. */
  public void progress(byte[] data, String what) {
    outbox.progress(data, what);
  }

  /** How many framework messages are neither delivered nor given up on. */
  public int unsettledMessages() {
    return outbox.ledger().unsettledMessages();
  }

  /** Stops all activity and aborts every call in flight; never waits for the network. */
  public void close() {
    subscription.close();
    outbox.close();
    calls.close();
  }
}
