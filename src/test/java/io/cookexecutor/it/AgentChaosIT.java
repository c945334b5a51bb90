package io.cookexecutor.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Struct;
import io.cookexecutor.local.agent.AgentSettings;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded agent faults keyed to protocol events (the Nth call, the Nth UPDATE or MESSAGE, the first
 * progress MESSAGE), with checkpointing on: dropped streams, restarts, recovery, withheld
 * acknowledgements, 503 storms, calls never answered, an outage that lasts until the task is over and a
 * hung MESSAGE during a progress burst (see {@link ChaosPlan}). Whatever the faults, the agent gets
 * exactly one terminal update, every status once and in order, exactly one exit-code message with the
 * task's real code and, last of all progress, the task's last progress line; the executor exits 0 and
 * leaves no process behind. A seed replays the same plan at the same protocol events:
 * {@code -Dit.test='AgentChaosIT' -Dchaos.seed=N}; {@code -Dchaos.from=N -Dchaos.runs=M} tries other seeds.
 */
class AgentChaosIT {
  private static final int RUNS = 30;

  static IntStream seeds() {
    String one = System.getProperty("chaos.seed");
    if (one != null) {
      return IntStream.of(Integer.parseInt(one));
    }
    int from = Integer.getInteger("chaos.from", 1);
    return IntStream.range(from, from + Integer.getInteger("chaos.runs", RUNS));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void nothingTheSchedulerNeedsIsLostWhateverTheAgentDoes(int seed) throws Exception {
    ChaosPlan plan = ChaosPlan.of(seed);
    ChaosPlan.Striker striker = plan.striker();
    // The striker stops before the agent closes, so that nothing it scheduled touches a closed agent.
    try (ExecutorRun run = ExecutorRun.startWithAgent(AgentSettings.builder().command(plan.command())
            .checkpoint(true).taskEnv("PROGRESS_SAMPLE_INTERVAL_MS", "100")
            .subscriptionBackoffMax(Duration.ofMillis(200)).recoveryTimeout(Duration.ofSeconds(20)),
            striker::attach);
        ChaosPlan.Striker strikes = striker) {
      // Each hang costs one call deadline (3 s), an outage lasts as long as the task (under 2 s); the
      // rest is backoff and the bounded exit.
      await().atMost(Duration.ofSeconds(40)).until(() -> !run.process.isAlive());
      String why = "seed " + seed + ", " + plan + ", struck " + strikes.struck();
      System.out.println("AgentChaosIT " + why);
      assertThat(run.awaitExit()).as("executor exit code, %s", why).isZero();
      List<TaskState> states = run.states();
      if (states.equals(List.of(TaskState.TASK_LOST))) {
        // The stream broke before LAUNCH reached the executor: the agent reports the task lost and shuts
        // the executor down, which must then start nothing.
        assertThat(run.sandboxFile("stdout")).as(why).doesNotContain("Forked command");
        assertThat(run.messagesWith("exit-code")).as(why).isEmpty();
      } else {
        assertThat(states).as("delivered states, %s", why)
            .containsExactly(TaskState.TASK_STARTING, TaskState.TASK_RUNNING, plan.terminalState());
        List<Struct> exitCodes = run.messagesWith("exit-code");
        assertThat(exitCodes).as("exit-code messages, %s", why).hasSize(1);
        assertThat(ExecutorRun.number(exitCodes.get(0), "exit-code")).as(why).isEqualTo(plan.exitCode());
        Struct last = run.messagesWith("progress-sequence").stream()
            .max(Comparator.comparingDouble(p -> ExecutorRun.number(p, "progress-sequence")))
            .orElseThrow(() -> new AssertionError("no progress message, " + plan));
        assertThat(ExecutorRun.number(last, "progress-percent")).as("final percent, %s", why).isEqualTo(100);
        assertThat(ExecutorRun.text(last, "progress-message")).as("final message, %s", why)
            .isEqualTo(plan.lastMessage());
      }
      assertThat(run.survivors()).as(why).isEmpty();
    }
  }
}
