package io.cookexecutor.executor;

import io.cookexecutor.agent.AgentSession.Delivery;
import java.time.Duration;

/**
 * When the executor may exit, as one decision on the loop's clock, asked again whenever a fact changes:
 * never while its task lives; at once when nothing is left to deliver, or when the agent is gone for good;
 * while the terminal update is unaccepted, for as long as the delivery bound allows (the recovery timeout
 * with checkpointing, 60 s without, as Mesos's command executor); once it is accepted, {@link #ACK_WAIT}
 * for its acknowledgement, and {@link #MESSAGE_WAIT} more while framework messages (the exit code) are on
 * their way. Keeps only the two times its waits started; tested on a manual clock.
 */
final class ExitPolicy {
  /** How long to wait for the agent to acknowledge the accepted terminal update. */
  static final Duration ACK_WAIT = Duration.ofSeconds(1);
  /** More time while messages are still retried: for MESSAGE calls that get no answer to be sent again. */
  static final Duration MESSAGE_WAIT = Duration.ofSeconds(4);
  /** How long a terminal update may stay unaccepted without checkpointing. */
  static final Duration DELIVERY_BOUND_WITHOUT_CHECKPOINT = Duration.ofSeconds(60);
  private static final long UNSET = Long.MIN_VALUE;

  /** What the decision looks at. */
  record Facts(boolean exitRequested, boolean taskOver, Delivery terminal, int unsettledMessages,
      boolean agentReachable) {}

  /**
   * The decision: exit now (with a log line saying why, when it leaves something undelivered), or ask again in
   * {@code wakeInNanos} (-1: only when a fact changes).
   */
  record Decision(boolean exit, String why, long wakeInNanos) {
    static final Decision WAIT = new Decision(false, null, -1);

    static Decision exit(String why) {
      return new Decision(true, why, -1);
    }

    static Decision wake(long nanos) {
      return new Decision(false, null, nanos);
    }
  }

  private final long deliveryBoundNanos;
  private long pendingSince = UNSET;
  private long settlingSince = UNSET;

  /** {@code deliveryBound}: how long a terminal update may stay unaccepted before it is given up. */
  ExitPolicy(Duration deliveryBound) {
    this.deliveryBoundNanos = deliveryBound.toNanos();
  }

  Decision decide(long now, Facts f) {
    if (!f.exitRequested() || !f.taskOver()) {
      return Decision.WAIT;
    }
    boolean terminalDone = f.terminal() == Delivery.NONE || f.terminal() == Delivery.ACKNOWLEDGED;
    if (terminalDone && f.unsettledMessages() == 0) {
      return Decision.exit(null);
    }
    if (!f.agentReachable()) {
      return Decision.exit("The agent is gone for good; exiting with what was not delivered");
    }
    if (f.terminal() == Delivery.PENDING) {
      if (pendingSince == UNSET) {
        pendingSince = now;
      }
      long left = deliveryBoundNanos - (now - pendingSince);
      return left > 0 ? Decision.wake(left)
          : Decision.exit("Giving up delivering updates: the terminal update was not accepted within "
              + deliveryBoundNanos / 1_000_000 + " ms");
    }
    if (settlingSince == UNSET) {
      settlingSince = now;
    }
    long limit = ACK_WAIT.toNanos() + (f.unsettledMessages() > 0 ? MESSAGE_WAIT.toNanos() : 0);
    long left = limit - (now - settlingSince);
    if (left > 0) {
      return Decision.wake(left);
    }
    String ack = f.terminal() == Delivery.ACCEPTED ? "the acknowledgement of the accepted terminal update" : "";
    String messages = f.unsettledMessages() == 0 ? ""
        : (ack.isEmpty() ? "" : " and ") + "the delivery of " + f.unsettledMessages() + " framework message(s)";
    return Decision.exit("Exiting without " + ack + messages + " (waited " + limit / 1_000_000 + " ms)");
  }
}
