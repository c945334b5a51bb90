package io.cookexecutor.local;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * Faults a test injects into the embedded agent's answers, beyond what a healthy Mesos agent does: 503 to
 * the next N calls of a type or to every call of a type for a while (an agent too busy to take them), and
 * calls that are never answered (an agent stuck while handling them: the connection stays open and
 * silent until the executor closes it, and the call has no effect). With no fault set the agent answers
 * as before. Thread-safe.
 */
public final class CallFaults {
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

  private final Map<Call.Type, Integer> refusals = new EnumMap<>(Call.Type.class);
  private final Map<Call.Type, Long> refuseUntilNanos = new EnumMap<>(Call.Type.class);
  private final List<Predicate<Call>> hangs = new ArrayList<>();
  private Rule rule;

  /** Asks {@code rule} about every call from now on, before the other faults. */
  public synchronized CallFaults rule(Rule rule) {
    this.rule = rule;
    return this;
  }

  /** Answers 503 to the next {@code count} calls of {@code type}. */
  public synchronized CallFaults refuse(Call.Type type, int count) {
    refusals.merge(type, count, Integer::sum);
    return this;
  }

  /** Answers 503 to every call of {@code type} for {@code duration} from now. */
  public synchronized CallFaults refuseFor(Call.Type type, Duration duration) {
    refuseUntilNanos.put(type, System.nanoTime() + duration.toNanos());
    return this;
  }

  /** Never answers the next call that matches {@code which} (once). */
  public synchronized CallFaults hang(Predicate<Call> which) {
    hangs.add(which);
    return this;
  }

  /** Never answers the next call of {@code type}. */
  public CallFaults hangNext(Call.Type type) {
    return hang(c -> c.getType() == type);
  }

  /** Never answers the next MESSAGE whose data contains {@code text}. */
  public CallFaults hangMessageContaining(String text) {
    return hang(c -> c.getType() == Call.Type.MESSAGE && c.getMessage().getData().toStringUtf8().contains(text));
  }

  /** Clears every fault. */
  public synchronized void clear() {
    refusals.clear();
    refuseUntilNanos.clear();
    hangs.clear();
    rule = null;
  }

  /** The fault for this call, if one is due; using it up. */
  synchronized Optional<Fault> take(Call call) {
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
