package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.apache.mesos.v1.executor.Protos.Call;
import io.cookexecutor.log.Log;

/**
 * Framework messages, one at a time on the MESSAGES channel, in two lanes. A <em>kept</em> message is
 * never dropped by the executor: kept messages go out in order, each before any replaceable one. A
 * <em>replaceable</em> message is latest-wins: at most one waits, and a newer one supersedes it (a call
 * already in flight ends, but is not sent again once superseded). While the agent is away everything
 * waits; after a 5xx, a failure or a timeout the same message is sent again after a backoff; after a 4xx
 * (asking again cannot help) it is given up, logged with what it was. A message is sent again only when
 * the agent did not answer 2xx, so it can reach the scheduler twice only after a call that got no answer
 * in time (Cook treats every message idempotently). Runs on the loop.
 */
final class MessageOutbox {
  private static final Log LOG = Log.of(MessageOutbox.class);
  /** A safety cap far above the two kept messages a task has; never reached by the executor. */
  static final int MAX_KEPT = 1000;
  static final Duration RETRY_BASE = Duration.ofMillis(100);

  /** One message and a short description of it for the log ("exit code 3 of task t"). */
  private record Message(ByteString data, String what, boolean replaceable) {}

  private final Loop loop;
  private final AgentCalls calls;
  private final CallBuilder builder;
  private final Backoff backoff;
  private final Runnable settled;
  private final Deque<Message> kept = new ArrayDeque<>();
  private Message replaceable;
  private Message inFlight;
  private long superseded;
  private boolean open;
  private boolean closed;
  private Scheduled retry;

  /** {@code settled} runs when every message so far is delivered or given up on. */
  MessageOutbox(Loop loop, AgentCalls calls, CallBuilder builder, Duration backoffMax, DoubleSupplier jitter,
      Runnable settled) {
    this.loop = loop;
    this.calls = calls;
    this.builder = builder;
    this.backoff = new Backoff(RETRY_BASE, backoffMax, jitter);
    this.settled = settled;
  }

  /** Queues a message that must arrive, behind the kept ones before it and ahead of any replaceable one. */
  void add(byte[] data, String what) {
    if (kept.size() >= MAX_KEPT) {
      LOG.error("Cannot queue framework message ({}): {} are already waiting for the agent", what, MAX_KEPT);
      return;
    }
    kept.add(new Message(ByteString.copyFrom(data), what, false));
    pump();
  }

  /** Makes {@code data} the one replaceable message waiting; an older one waiting is dropped unsent. */
  void replace(byte[] data, String what) {
    if (replaceable != null) {
      superseded++;
    }
    replaceable = new Message(ByteString.copyFrom(data), what, true);
    pump();
  }

  /** How many messages are neither delivered nor given up on. */
  int unsettled() {
    return kept.size() + (replaceable == null ? 0 : 1) + (inFlight == null ? 0 : 1);
  }

  /** Logs, as errors, what was never delivered, in the order it would have gone out. */
  void logUndelivered() {
    for (Message m : undelivered()) {
      LOG.error("Framework message ({}) was never delivered to the agent", m.what());
    }
  }

  /** Undelivered messages, oldest kept first, then the replaceable one. */
  private List<Message> undelivered() {
    List<Message> out = new ArrayList<>();
    if (inFlight != null && !(inFlight.replaceable() && replaceable != null)) {
      out.add(inFlight);
    }
    out.addAll(kept);
    if (replaceable != null) {
      out.add(replaceable);
    }
    out.sort((a, b) -> Boolean.compare(a.replaceable(), b.replaceable()));
    return out;
  }

  void resume() {
    open = true;
    backoff.reset();
    pump();
  }

  void pause() {
    open = false;
    if (retry != null) {
      retry.cancel();
      retry = null;
    }
  }

  void close() {
    pause();
    closed = true;
  }

  private void pump() {
    if (!open || closed || inFlight != null || retry != null) {
      return;
    }
    Message next = kept.poll();
    if (next == null) {
      next = replaceable;
      replaceable = null;
    }
    if (next == null) {
      return;
    }
    inFlight = next;
    calls.send(AgentCalls.Channel.MESSAGES,
        builder.call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(next.data())).build(),
        this::answered);
  }

  private void answered(CallOutcome outcome) {
    Message sent = inFlight;
    inFlight = null;
    if (closed) {
      return;
    }
    if (outcome.isAccepted() || outcome.isPermanentRefusal()) {
      if (!outcome.isAccepted()) {
        LOG.error("Giving up framework message ({}): the agent refused it: {}", sent.what(), outcome);
      }
      backoff.reset();
      settleOrPump();
      return;
    }
    boolean replaced = sent.replaceable() && replaceable != null;
    if (replaced) {
      superseded++;
    } else if (sent.replaceable()) {
      replaceable = sent;
    } else {
      kept.addFirst(sent);
    }
    Duration wait = backoff.next();
    LOG.warn("Framework message ({}) not accepted ({}); {} in {} ms", sent.what(), outcome,
        replaced ? "a newer one replaces it, sent" : "sending it again", wait.toMillis());
    retry = loop.schedule(wait, () -> {
      retry = null;
      pump();
    });
  }

  private void settleOrPump() {
    if (unsettled() == 0) {
      if (superseded > 0) {
        LOG.info("{} replaceable framework message(s) were superseded before delivery", superseded);
        superseded = 0;
      }
      settled.run();
      return;
    }
    pump();
  }
}
