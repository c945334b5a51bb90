package io.cookexecutor.agent;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cookexecutor.loop.Loop;
import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * A recording {@link AgentCalls}: every SUBSCRIBE and call is kept, unanswered, until the test answers it
 * the way an agent could (accept, refuse, fail, time out; open a stream, send events, end it). Answers
 * go through the loop, as the real ones do. As the real client, a call still unanswered at its deadline
 * (on the loop's clock) ends as timed out. At most one call may be in flight: more is a failure.
 */
public final class RecordingAgentCalls implements AgentCalls {
  /** Which kind of call: the executor sends both on one channel; tests look at them apart. */
  public enum Channel { UPDATES, MESSAGES }

  private final Loop loop;
  private final List<Subscribe> subscribes = new ArrayList<>();
  private final List<Sent> sent = new ArrayList<>();
  private boolean closed;

  public RecordingAgentCalls(Loop loop) {
    this.loop = loop;
  }

  /** One SUBSCRIBE the executor made. */
  public final class Subscribe {
    public final Call call;
    private final StreamSink sink;
    private boolean open;
    private boolean closedByExecutor;

    Subscribe(Call call, StreamSink sink) {
      this.call = call;
      this.sink = sink;
    }

    /** Answers 200 and sends SUBSCRIBED on the new stream. */
    public Subscribe answer() {
      open = true;
      loop.post(() -> sink.opened((Closeable) () -> closedByExecutor = true));
      return send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).buildPartial());
    }

    public Subscribe send(Event event) {
      loop.post(() -> sink.event(event));
      return this;
    }

    /** The stream (or the SUBSCRIBE) ends with {@code outcome}. */
    public void end(CallOutcome outcome) {
      open = false;
      loop.post(() -> sink.ended(outcome));
    }

    public boolean closedByExecutor() {
      return closedByExecutor;
    }

    public boolean open() {
      return open && !closedByExecutor;
    }

    /** States of the updates this SUBSCRIBE carried, in order. */
    public List<TaskState> carriedStates() {
      return call.getSubscribe().getUnacknowledgedUpdatesList().stream().map(u -> u.getStatus().getState())
          .collect(Collectors.toList());
    }
  }

  /** One non-SUBSCRIBE call the executor made. */
  public final class Sent {
    public final Channel channel;
    public final Call call;
    /** How long the executor gave the agent to answer. */
    public final Duration deadline;
    private final Consumer<CallOutcome> done;
    private CallOutcome outcome;

    Sent(Call call, Duration deadline, Consumer<CallOutcome> done) {
      this.channel = call.getType() == Call.Type.UPDATE ? Channel.UPDATES : Channel.MESSAGES;
      this.call = call;
      this.deadline = deadline;
      this.done = done;
    }

    public void answer(CallOutcome o) {
      if (outcome != null) {
        throw new IllegalStateException("answered twice: " + this);
      }
      outcome = o;
      loop.post(() -> done.accept(o));
    }

    public void accept() {
      answer(CallOutcome.accepted());
    }

    public void refuse(int status) {
      answer(CallOutcome.refused(status, "agent answered " + status));
    }

    public void timeOut() {
      answer(CallOutcome.timedOut("no answer in time"));
    }

    public boolean answered() {
      return outcome != null;
    }

    public TaskStatus status() {
      return call.getUpdate().getStatus();
    }

    @Override
    public String toString() {
      return channel + " " + (call.getType() == Call.Type.UPDATE ? status().getState() : call.getType())
          + (outcome == null ? " (unanswered)" : " -> " + outcome.kind());
    }
  }

  @Override
  public Encoding encoding() {
    return Encoding.PROTOBUF;
  }

  @Override
  public void subscribe(byte[] encodedCall, StreamSink sink) {
    try {
      subscribes.add(new Subscribe(Call.parseFrom(encodedCall), sink));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("the executor sent an undecodable SUBSCRIBE", e);
    }
  }

  @Override
  public void send(Call call, Duration deadline, Consumer<CallOutcome> done) {
    long inFlight = sent.stream().filter(s -> !s.answered()).count();
    if (inFlight > 0) {
      throw new AssertionError("a call was sent while another was in flight: " + sent);
    }
    Sent s = new Sent(call, deadline, done);
    sent.add(s);
    loop.schedule(deadline, () -> {
      if (!s.answered()) {
        s.timeOut();
      }
    });
  }

  /** The one call in flight, if any. */
  public Sent inFlight() {
    return sent.stream().filter(s -> !s.answered()).findFirst().orElse(null);
  }

  @Override
  public void close() {
    closed = true;
  }

  public boolean closed() {
    return closed;
  }

  public List<Subscribe> subscribes() {
    return List.copyOf(subscribes);
  }

  public Subscribe lastSubscribe() {
    return subscribes.get(subscribes.size() - 1);
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Calls on {@code channel} not answered yet, oldest first. */
  public List<Sent> unanswered(Channel channel) {
    return sent.stream().filter(s -> s.channel == channel && !s.answered()).collect(Collectors.toList());
  }

  /** States of every UPDATE call made, in order. */
  public List<TaskState> updateStates() {
    return sent.stream().filter(s -> s.channel == Channel.UPDATES).map(s -> s.status().getState())
        .collect(Collectors.toList());
  }

  /** States of the UPDATE calls answered 202, in order. */
  public List<TaskState> acceptedStates() {
    return sent.stream().filter(s -> s.channel == Channel.UPDATES && s.outcome != null && s.outcome.isAccepted())
        .map(s -> s.status().getState()).collect(Collectors.toList());
  }
}
