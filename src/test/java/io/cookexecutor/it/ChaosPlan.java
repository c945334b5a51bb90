package io.cookexecutor.it;

import io.cookexecutor.local.agent.LocalAgent;
import io.cookexecutor.testing.AgentFaults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;

/**
 * One seed's run for {@link AgentChaosIT}: the task (how many progress lines, its exit code) and one to
 * three faults, each keyed to a protocol event the agent sees, so that a seed strikes at the same points
 * of the conversation every time (the executor's own backoff jitter still varies the timing).
 */
final class ChaosPlan {
  /** What goes wrong. {@code at} counts calls of the kind each names, from 1. */
  enum Kind {
    /** The event stream breaks when the agent reads call {@code at} (any type). */
    DROP,
    /** Call {@code at} is not taken and the agent is down (connections refused) for {@code lasts} ms. */
    RESTART,
    /** Call {@code at} gets 503, the stream breaks, and every call gets 503 for {@code lasts} ms. */
    RECOVERING,
    /** From call {@code at}, no ACKNOWLEDGED for {@code lasts} ms; then the stream breaks. */
    NO_ACKS,
    /** Call {@code at} and the next UPDATE and MESSAGE calls, {@code lasts} in all, get 503. */
    STORM,
    /** UPDATE number {@code at} is never answered. */
    HANG_UPDATE,
    /** MESSAGE number {@code at} is never answered. */
    HANG_MESSAGE,
    /** At call {@code at} the stream breaks and the next SUBSCRIBE is never answered. */
    HANG_SUBSCRIBE,
    /**
     * At the first progress MESSAGE the agent goes down and stays down until the task is over (its last
     * progress and its exit happen while it is away), then 300 ms more: everything the task produced
     * waits through the outage.
     */
    LONG_OUTAGE,
    /** Progress MESSAGE number {@code at}, while the task prints progress, is never answered. */
    HANG_PROGRESS_BURST
  }

  record Fault(Kind kind, int at, int lasts) {
    @Override
    public String toString() {
      return kind + "@" + at + (lasts > 0 ? "/" + lasts : "");
    }
  }

  private final int lines;
  private final int exitCode;
  private final List<Fault> faults;

  private ChaosPlan(int lines, int exitCode, List<Fault> faults) {
    this.lines = lines;
    this.exitCode = exitCode;
    this.faults = faults;
  }

  static ChaosPlan of(long seed) {
    Random r = new Random(seed);
    int lines = 20 + r.nextInt(61);
    int exit = new int[] {0, 0, 1, 3, 42}[r.nextInt(5)];
    List<Fault> faults = new ArrayList<>();
    boolean messageHung = false;
    Kind[] kinds = Kind.values();
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      Kind kind = kinds[r.nextInt(kinds.length)];
      // Two unanswered MESSAGE calls in a row at the end outlast the executor's bounded exit (DeliveryIT
      // proves what is logged then); a plan hangs one MESSAGE at most.
      if (kind == Kind.HANG_MESSAGE || kind == Kind.HANG_PROGRESS_BURST) {
        kind = messageHung ? Kind.STORM : kind;
        messageHung = true;
      }
      int at = switch (kind) {
        case HANG_UPDATE -> 1 + r.nextInt(3);
        case HANG_MESSAGE -> 1 + r.nextInt(6);
        case HANG_PROGRESS_BURST -> 1 + r.nextInt(4);
        case LONG_OUTAGE -> 1;
        default -> 1 + r.nextInt(8);
      };
      int lasts = switch (kind) {
        case RESTART, RECOVERING, NO_ACKS -> 50 + r.nextInt(700);
        case STORM -> 1 + r.nextInt(8);
        default -> 0;
      };
      faults.add(new Fault(kind, at, lasts));
    }
    return new ChaosPlan(lines, exit, List.copyOf(faults));
  }

  /** Progress lines 20 ms apart, then the last one, then the exit code. */
  String command() {
    return "i=0; while [ $i -lt " + lines + " ]; do i=$((i+1)); echo \"progress: $((i * 99 / " + lines
        + ")), step $i\"; sleep 0.02; done; echo 'progress: 100, " + lastMessage() + "'; exit " + exitCode;
  }

  String lastMessage() {
    return "finished " + lines;
  }

  int exitCode() {
    return exitCode;
  }

  TaskState terminalState() {
    return exitCode == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED;
  }

  Striker striker() {
    return new Striker();
  }

  @Override
  public String toString() {
    return "plan " + faults + ", " + lines + " progress lines, exit " + exitCode;
  }

  /** Strikes the plan's faults on one agent as the calls arrive; closing stops what it started. */
  final class Striker implements AutoCloseable {
    private final ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
    private final List<String> struck = Collections.synchronizedList(new ArrayList<>());
    private AgentFaults agentFaults;
    private LocalAgent agent;
    private int calls;
    private int updates;
    private int messages;
    private int progress;
    private int stormLeft;
    private boolean hangNextSubscribe;

    void attach(AgentFaults faults) {
      this.agentFaults = faults;
      this.agent = faults.agent();
      faults.rule(this::decide);
    }

    /** What struck, at which call: the replay of this run. */
    List<String> struck() {
      return List.copyOf(struck);
    }

    /** Runs on the agent's thread that answers {@code call}: must not block; actions go to {@code chaos}. */
    private Optional<AgentFaults.Fault> decide(Call call) {
      calls++;
      boolean isProgress = false;
      switch (call.getType()) {
        case UPDATE -> updates++;
        case MESSAGE -> {
          messages++;
          isProgress = call.getMessage().getData().toString(StandardCharsets.UTF_8).contains("progress-sequence");
          progress += isProgress ? 1 : 0;
        }
        default -> { }
      }
      Optional<AgentFaults.Fault> fault = Optional.empty();
      if (call.getType() == Call.Type.SUBSCRIBE && hangNextSubscribe) {
        hangNextSubscribe = false;
        fault = note("SUBSCRIBE hung", AgentFaults.Fault.HANG);
      }
      if (stormLeft > 0 && (call.getType() == Call.Type.UPDATE || call.getType() == Call.Type.MESSAGE)) {
        stormLeft--;
        fault = stronger(fault, note("storm 503", AgentFaults.Fault.REFUSE));
      }
      for (Fault f : faults) {
        boolean strikes = switch (f.kind()) {
          case HANG_UPDATE -> call.getType() == Call.Type.UPDATE && updates == f.at();
          case HANG_MESSAGE -> call.getType() == Call.Type.MESSAGE && messages == f.at();
          case LONG_OUTAGE, HANG_PROGRESS_BURST -> isProgress && progress == f.at();
          default -> calls == f.at();
        };
        if (strikes) {
          fault = stronger(fault, strike(f));
        }
      }
      return fault;
    }

    private Optional<AgentFaults.Fault> strike(Fault f) {
      struck.add(f + " at call " + calls);
      switch (f.kind()) {
        case DROP -> chaos.execute(agentFaults::dropStream);
        case RESTART -> {
          chaos.execute(agent::stopListening);
          chaos.schedule(this::resume, f.lasts(), TimeUnit.MILLISECONDS);
          return Optional.of(AgentFaults.Fault.HANG);
        }
        case RECOVERING -> {
          agentFaults.setRecovering(true);
          chaos.execute(agentFaults::dropStream);
          chaos.schedule(() -> agentFaults.setRecovering(false), f.lasts(), TimeUnit.MILLISECONDS);
          return Optional.of(AgentFaults.Fault.REFUSE);
        }
        case NO_ACKS -> {
          agentFaults.setAcknowledging(false);
          chaos.schedule(() -> {
            agentFaults.setAcknowledging(true);
            agentFaults.dropStream(); // acknowledgements come back when the executor re-subscribes
          }, f.lasts(), TimeUnit.MILLISECONDS);
        }
        case STORM -> {
          stormLeft = f.lasts() - 1;
          return Optional.of(AgentFaults.Fault.REFUSE);
        }
        case HANG_SUBSCRIBE -> {
          hangNextSubscribe = true;
          chaos.execute(agentFaults::dropStream);
        }
        case LONG_OUTAGE -> {
          chaos.execute(agent::stopListening);
          chaos.schedule(() -> resumeWhenTaskIsOver(400), 50, TimeUnit.MILLISECONDS);
          return Optional.of(AgentFaults.Fault.HANG);
        }
        default -> {
          return Optional.of(AgentFaults.Fault.HANG);
        }
      }
      return Optional.empty();
    }

    /** Polls (every 50 ms, at most {@code polls} times) for the task's exit in the log, then resumes later. */
    private void resumeWhenTaskIsOver(int polls) {
      if (polls > 0 && !taskOver()) {
        chaos.schedule(() -> resumeWhenTaskIsOver(polls - 1), 50, TimeUnit.MILLISECONDS);
        return;
      }
      struck.add("back after the task's exit" + (polls > 0 ? "" : " (not seen within 20 s)"));
      chaos.schedule(this::resume, 300, TimeUnit.MILLISECONDS);
    }

    private boolean taskOver() {
      Path log = agent.sandbox().resolve("executor.log");
      try {
        return Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains(" exited with ");
      } catch (IOException e) {
        return false;
      }
    }

    private void resume() {
      try {
        agent.resumeListening();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Optional<AgentFaults.Fault> note(String what, AgentFaults.Fault fault) {
      struck.add(what + " at call " + calls);
      return Optional.of(fault);
    }

    private Optional<AgentFaults.Fault> stronger(Optional<AgentFaults.Fault> a, Optional<AgentFaults.Fault> b) {
      return a.filter(x -> x == AgentFaults.Fault.HANG).or(() -> b.isPresent() ? b : a);
    }

    @Override
    public void close() throws InterruptedException {
      chaos.shutdownNow();
      chaos.awaitTermination(5, TimeUnit.SECONDS);
    }
  }
}
