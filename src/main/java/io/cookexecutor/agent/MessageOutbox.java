package io.cookexecutor.agent;

import com.google.protobuf.ByteString;
import io.cookexecutor.loop.Loop;
import io.cookexecutor.loop.Scheduled;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.DoubleSupplier;
import org.apache.mesos.v1.executor.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Framework messages, in order, one at a time on the MESSAGES channel: queued (bounded) while the agent
 * is away, retried with backoff after a 5xx, a failure or a timeout, dropped after a 4xx (asking again
 * cannot help). A message is sent again only when the agent did not answer 2xx, so it can reach the
 * scheduler twice only after a call that got no answer in time (Cook treats every message idempotently).
 * Runs on the loop.
 */
final class MessageOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(MessageOutbox.class);
  static final int MAX_QUEUED = 1000;
  static final Duration RETRY_BASE = Duration.ofMillis(100);

  private final Loop loop;
  private final AgentCalls calls;
  private final CallBuilder builder;
  private final Backoff backoff;
  private final Runnable settled;
  /** The message in flight or next to send is the head. */
  private final Deque<ByteString> queue = new ArrayDeque<>();
  private boolean open;
  private boolean closed;
  private boolean inFlight;
  private Scheduled retry;

  /** {@code settled} runs when the last queued message is delivered or given up on. */
  MessageOutbox(Loop loop, AgentCalls calls, CallBuilder builder, Duration backoffMax, DoubleSupplier jitter,
      Runnable settled) {
    this.loop = loop;
    this.calls = calls;
    this.builder = builder;
    this.backoff = new Backoff(RETRY_BASE, backoffMax, jitter);
    this.settled = settled;
  }

  void add(byte[] data) {
    if (queue.size() >= MAX_QUEUED) {
      LOG.warn("Dropping a framework message: {} are already queued for the agent", MAX_QUEUED);
      return;
    }
    queue.add(ByteString.copyFrom(data));
    pump();
  }

  /** How many messages are neither delivered nor given up on. */
  int unsettled() {
    return queue.size();
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
    if (!open || closed || inFlight || retry != null || queue.isEmpty()) {
      return;
    }
    inFlight = true;
    ByteString head = queue.peek();
    calls.send(AgentCalls.Channel.MESSAGES,
        builder.call(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder().setData(head)).build(),
        this::answered);
  }

  private void answered(CallOutcome outcome) {
    inFlight = false;
    if (closed) {
      return;
    }
    if (outcome.isAccepted() || outcome.isPermanentRefusal()) {
      if (!outcome.isAccepted()) {
        LOG.warn("Dropping a framework message the agent refused: {}", outcome);
      }
      backoff.reset();
      queue.poll();
      if (queue.isEmpty()) {
        settled.run();
      }
      pump();
      return;
    }
    Duration wait = backoff.next();
    LOG.warn("Framework message not accepted ({}); sending it again in {} ms", outcome, wait.toMillis());
    retry = loop.schedule(wait, () -> {
      retry = null;
      pump();
    });
  }
}
