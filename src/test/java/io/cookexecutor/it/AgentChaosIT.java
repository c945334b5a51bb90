package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cookexecutor.local.AgentSettings;
import io.cookexecutor.local.LocalAgent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.executor.Protos.Call;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded agent faults at random moments (before SUBSCRIBED, around LAUNCH, while updates are in flight,
 * during the final acknowledgement wait) with checkpointing on: dropped streams, restarts, recovery,
 * withheld acknowledgements, 503 storms on UPDATE and MESSAGE, and calls never answered (the next
 * UPDATE, MESSAGE or SUBSCRIBE). Every status the executor produced reaches the agent once, in order,
 * and the executor exits cleanly within a bound. A failing seed replays with
 * {@code -Dit.test='AgentChaosIT' -Dchaos.seed=N}; {@code -Dchaos.from=N -Dchaos.runs=M} tries other seeds.
 */
class AgentChaosIT {
  private static final int RUNS = 30;

  static IntStream seeds() {
    String one = System.getProperty("chaos.seed");
    if (one != null) {
      return IntStream.of(Integer.parseInt(one));
    }
    // -Dchaos.from=N -Dchaos.runs=M tries M other seeds from N, to look for rare failures.
    int from = Integer.getInteger("chaos.from", 1);
    return IntStream.range(from, from + Integer.getInteger("chaos.runs", RUNS));
  }

  /** One fault and when it strikes, in ms after the executor starts. */
  private record Fault(long atMs, String kind, long lastsMs) {}

  static List<Fault> plan(long seed) {
    Random r = new Random(seed);
    List<Fault> faults = new ArrayList<>();
    String[] kinds = {"drop", "restart", "recovering", "no-acks", "storm", "hang-update", "hang-message",
        "hang-subscribe"};
    int n = 1 + r.nextInt(3);
    for (int i = 0; i < n; i++) {
      faults.add(new Fault(r.nextInt(900), kinds[r.nextInt(kinds.length)], 50 + r.nextInt(700)));
    }
    return faults;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void everyUpdateArrivesOnceInOrderWhateverTheAgentDoes(int seed) throws Exception {
    List<Fault> plan = plan(seed);
    ScheduledExecutorService chaos = Executors.newSingleThreadScheduledExecutor();
    try (ExecutorRun run = ExecutorRun.start(AgentSettings.builder()
        .command("echo start; sleep 0.$((RANDOM % 9 + 1)); echo done").checkpoint(true)
        .subscriptionBackoffMax(Duration.ofMillis(200)).recoveryTimeout(Duration.ofSeconds(20)))) {
      LocalAgent agent = run.agent;
      for (Fault f : plan) {
        chaos.schedule(() -> strike(agent, f, chaos), f.atMs(), TimeUnit.MILLISECONDS);
      }
      // Each hang costs one call deadline (3 s); the rest is backoff and the task's own second.
      await().atMost(Duration.ofSeconds(25)).until(() -> !run.process.isAlive());
      int exit = run.awaitExit();
      assertThat(exit).as("exit code, seed %d, plan %s", seed, plan).isZero();
      List<TaskState> states = run.states();
      if (states.equals(List.of(TaskState.TASK_LOST))) {
        // The stream broke before LAUNCH reached the executor: the agent reports the task lost and shuts
        // the executor down, which must then start nothing.
        assertThat(run.sandboxFile("stdout")).doesNotContain("Forked command");
      } else {
        assertThat(states).as("delivered states, seed %d, plan %s", seed, plan)
            .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, TaskState.TASK_FINISHED);
        // One unanswered MESSAGE costs a deadline and a resend within the exit's bounded wait; two in a
        // row outlast it, and then the exit code may be given up. A message is sent again only when the
        // agent's answer never arrived: a restart closes every connection, and can cut the one whose
        // message the agent had already taken (a hung call is never taken), so each restart allows one more.
        long hungMessages = count(plan, "hang-message");
        long cutAnswers = count(plan, "restart");
        assertThat(run.messagesWith("exit-code")).as("exit-code messages, seed %d, plan %s", seed, plan)
            .hasSizeBetween(hungMessages > 1 ? 0 : 1, 1 + (int) cutAnswers);
      }
      assertThat(run.survivors()).isEmpty();
    } finally {
      chaos.shutdownNow();
      chaos.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private static long count(List<Fault> plan, String kind) {
    return plan.stream().filter(f -> f.kind().equals(kind)).count();
  }

  private static void strike(LocalAgent agent, Fault f, ScheduledExecutorService chaos) {
    switch (f.kind()) {
      case "drop":
        agent.dropStream();
        break;
      case "restart":
        agent.stopListening();
        chaos.schedule(() -> resume(agent), f.lastsMs(), TimeUnit.MILLISECONDS);
        break;
      case "recovering":
        agent.setRecovering(true);
        agent.dropStream();
        chaos.schedule(() -> agent.setRecovering(false), f.lastsMs(), TimeUnit.MILLISECONDS);
        break;
      case "storm":
        agent.faults().refuseFor(Call.Type.UPDATE, Duration.ofMillis(f.lastsMs()))
            .refuseFor(Call.Type.MESSAGE, Duration.ofMillis(f.lastsMs()));
        break;
      case "hang-update":
        agent.faults().hangNext(Call.Type.UPDATE);
        break;
      case "hang-message":
        agent.faults().hangNext(Call.Type.MESSAGE);
        break;
      case "hang-subscribe":
        agent.faults().hangNext(Call.Type.SUBSCRIBE);
        agent.dropStream();
        break;
      default:
        agent.setAcknowledging(false);
        chaos.schedule(() -> {
          agent.setAcknowledging(true);
          agent.dropStream(); // acknowledgements come back when the executor re-subscribes
        }, f.lastsMs(), TimeUnit.MILLISECONDS);
    }
  }

  private static void resume(LocalAgent agent) {
    try {
      if (!agent.listening()) {
        agent.resumeListening();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
