package io.cookexecutor.testing;

import io.cookexecutor.local.agent.CallInterceptor;
import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.local.agent.StreamHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.executor.Protos.Call;
import org.apache.mesos.v1.executor.Protos.Event;

/**
 * Faults a test injects into a {@link LocalAgent}, beyond what a healthy Mesos agent does, through the
 * agent's seams (its call interceptor, acknowledgement policy, record chunking and stream handle): 503 to
 * the next N calls of a type or to every call of a type for a while (an agent too busy to take them),
 * calls never answered (an agent stuck while handling them: the connection stays open and silent until the
 * executor closes it, and the call has no effect), a recovering agent, withheld acknowledgements, records
 * cut across chunks, raw bytes on the stream, a dropped stream and heartbeats. With no fault set the agent
 * answers as without this. Thread-safe; {@link #close} stops the heartbeats.
 */
public final class AgentFaults implements AutoCloseable {
  /** What the agent does with one call instead of handling it. */
  public enum Fault { REFUSE, HANG }

  /**
   * A test's own rule, asked first about every call the agent reads, in arrival order, on the thread that
   * answers it: faults keyed to protocol events (the Nth UPDATE, the MESSAGE after RUNNING) rather than
   * to moments. It must not block; it may start actions of its own on another thread.
   */
  @FunctionalInterface
  public interface Rule {
    Optional<Fault> decide(Call call);
  }

  private final LocalAgent agent;
  private final Map<Call.Type, Integer> refusals = new EnumMap<>(Call.Type.class);
  private final Map<Call.Type, Long> refuseUntilNanos = new EnumMap<>(Call.Type.class);
  private final List<Predicate<Call>> hangs = new ArrayList<>();
  private Rule rule;
  private boolean recovering;
  /** Read under the agent's lock: never blocks. */
  private volatile boolean acknowledging = true;
  private ScheduledExecutorService heartbeats;

  private AgentFaults(LocalAgent agent) {
    this.agent = agent;
  }

  /** Takes over {@code agent}'s seams (replacing what they held); nothing changes until a fault is set. */
  public static AgentFaults install(LocalAgent agent) {
    AgentFaults faults = new AgentFaults(agent);
    agent.interceptCalls(faults::intercept);
    agent.acknowledgeWhen(status -> faults.acknowledging);
    agent.chunkRecords(ChunkMode.RECORD_PER_CHUNK);
    return faults;
  }

  public LocalAgent agent() {
    return agent;
  }

  // ---- calls

  /** Asks {@code rule} about every call from now on, before the other faults. */
  public synchronized AgentFaults rule(Rule rule) {
    this.rule = rule;
    return this;
  }

  /** Answers 503 to the next {@code count} calls of {@code type}. */
  public synchronized AgentFaults refuse(Call.Type type, int count) {
    refusals.merge(type, count, Integer::sum);
    return this;
  }

  /** Answers 503 to every call of {@code type} for {@code duration} from now. */
  public synchronized AgentFaults refuseFor(Call.Type type, Duration duration) {
    refuseUntilNanos.put(type, System.nanoTime() + duration.toNanos());
    return this;
  }

  /** Never answers the next call that matches {@code which} (once). */
  public synchronized AgentFaults hang(Predicate<Call> which) {
    hangs.add(which);
    return this;
  }

  /** Never answers the next call of {@code type}. */
  public AgentFaults hangNext(Call.Type type) {
    return hang(c -> c.getType() == type);
  }

  /** Never answers the next MESSAGE whose data contains {@code text}. */
  public AgentFaults hangMessageContaining(String text) {
    return hang(c -> c.getType() == Call.Type.MESSAGE && c.getMessage().getData().toStringUtf8().contains(text));
  }

  /** Clears every call fault (the rule, refusals and hangs). */
  public synchronized void clear() {
    refusals.clear();
    refuseUntilNanos.clear();
    hangs.clear();
    rule = null;
  }

  /** While recovering, every request is answered 503 "Agent has not finished recovery", as by a Mesos agent. */
  public synchronized void setRecovering(boolean value) {
    recovering = value;
  }

  // ---- acknowledgements and the stream

  /** Whether updates get ACKNOWLEDGED; turning it back on does not acknowledge what was left unacknowledged. */
  public void setAcknowledging(boolean value) {
    acknowledging = value;
  }

  public void setChunkMode(ChunkMode mode) {
    agent.chunkRecords(mode);
  }

  /** Writes bytes as one chunk of the stream, whatever they are (malformed RecordIO cases). */
  public boolean sendRawOnStream(byte[] bytes) {
    return agent.stream().map(s -> s.writeChunk(bytes)).orElse(false);
  }

  /** Closes the stream's connection abruptly, without the terminating chunk. */
  public void dropStream() {
    agent.stream().ifPresent(StreamHandle::drop);
  }

  /** Sends a HEARTBEAT event every {@code interval} on the current stream; {@code null} or zero stops. */
  public synchronized void setHeartbeat(Duration interval) {
    if (heartbeats != null) {
      heartbeats.shutdownNow();
      heartbeats = null;
    }
    if (interval != null && !interval.isZero() && !interval.isNegative()) {
      heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-agent-faults-heartbeat");
        t.setDaemon(true);
        return t;
      });
      long nanos = interval.toNanos();
      heartbeats.scheduleAtFixedRate(() -> agent.sendEvent(Event.newBuilder().setType(Event.Type.HEARTBEAT)
          .build()), nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Stops the heartbeats. */
  @Override
  public void close() {
    setHeartbeat(null);
  }

  /** The fault for this request, if one is due, using it up; then a recovering agent's answer. */
  private synchronized Optional<CallInterceptor.Answer> intercept(String path, Optional<Call> call) {
    Optional<Fault> fault = call.flatMap(this::take);
    if (fault.isPresent()) {
      return Optional.of(fault.get() == Fault.HANG ? CallInterceptor.Answer.never()
          : new CallInterceptor.Answer(503, "injected fault: the agent is busy"));
    }
    if (recovering && path.equals(LocalAgent.EXECUTOR_API)) {
      return Optional.of(new CallInterceptor.Answer(503, "Agent has not finished recovery"));
    }
    return Optional.empty();
  }

  private Optional<Fault> take(Call call) {
    if (rule != null) {
      Optional<Fault> decided = rule.decide(call);
      if (decided.isPresent()) {
        return decided;
      }
    }
    for (int i = 0; i < hangs.size(); i++) {
      if (hangs.get(i).test(call)) {
        hangs.remove(i);
        return Optional.of(Fault.HANG);
      }
    }
    Long until = refuseUntilNanos.get(call.getType());
    if (until != null && System.nanoTime() - until < 0) {
      return Optional.of(Fault.REFUSE);
    }
    Integer left = refusals.get(call.getType());
    if (left != null && left > 0) {
      refusals.put(call.getType(), left - 1);
      return Optional.of(Fault.REFUSE);
    }
    return Optional.empty();
  }
}
